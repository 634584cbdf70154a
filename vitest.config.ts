import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // Only the test runner needs Node APIs; the deployed Worker does not.
            miniflare: { compatibilityFlags: ["nodejs_compat"] },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              compatibilityFlags: ["nodejs_compat"],
              // Short real intervals: heartbeat tests run on the object's own alarm, not on fake timers.
              bindings: { WS_PING_INTERVAL_SEC: "0.3", WS_PONG_TIMEOUT_SEC: "1", WS_READ_TIMEOUT_SEC: "1.5" },
            },
          }),
        ],
        test: {
          name: "worker-timers",
          include: ["test/worker-timers/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              compatibilityFlags: ["nodejs_compat"],
              // The webhook server of test/support/webhookServer.globalSetup.ts; a 1 s timeout keeps "never answers" short.
              bindings: {
                AUTHN_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}/authn`,
                DISCONNECT_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}/disconnect`,
                COPY_WEBSOCKET_HEADER_NAMES: "x-forwarded-for, X-Custom-Token",
                WEBHOOK_REQUEST_TIMEOUT_SEC: "1",
              },
            },
          })),
        ],
        test: {
          name: "worker-webhooks",
          include: ["test/worker-webhooks/*.test.ts"],
          globalSetup: ["test/support/webhookServer.globalSetup.ts"],
          testTimeout: 15_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              compatibilityFlags: ["nodejs_compat"],
              // A long timeout: answers held by the test (interleavings) must never expire before they are released.
              bindings: {
                AUTHN_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}/authn`,
                DISCONNECT_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}/disconnect`,
                WEBHOOK_REQUEST_TIMEOUT_SEC: "30",
              },
            },
          })),
        ],
        test: {
          name: "worker-webhooks-held",
          include: ["test/worker-webhooks/held/*.test.ts"],
          globalSetup: ["test/support/webhookServer.globalSetup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              compatibilityFlags: ["nodejs_compat"],
              // Nothing listens on the authentication URL: every call fails with "connection refused".
              bindings: {
                AUTHN_WEBHOOK_URL: `http://127.0.0.1:${inject("closedPort")}/authn`,
                DISCONNECT_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}/disconnect`,
              },
            },
          })),
        ],
        test: {
          name: "worker-webhooks-refused",
          include: ["test/worker-webhooks/connection-refused/*.test.ts"],
          globalSetup: ["test/support/webhookServer.globalSetup.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              compatibilityFlags: ["nodejs_compat"],
              // The non-default options: `message` relayed, and a limit small enough to test byte counting.
              bindings: { TYPE_MESSAGE: "true", READ_LIMIT_BYTES: "256" },
            },
          }),
        ],
        test: {
          name: "worker-options",
          include: ["test/worker-options/**/*.test.ts"],
        },
      },
      ...(["worker-paths", "worker-paths-authn"] as const).map((name) => ({
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              compatibilityFlags: ["nodejs_compat"],
              // The statechart replay (docs/statecharts.md): one project per connection-machine variant.
              // read < ping + pong, or a silent registered socket could only ever hit the pong timeout.
              bindings: {
                ...(name === "worker-paths-authn"
                  ? { AUTHN_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}/authn`, TYPE_MESSAGE: "true" }
                  : { TYPE_MESSAGE: "false" }),
                DISCONNECT_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}/disconnect`,
                // Held answers (the replay's AUTHN_* steps) must never expire before they are released.
                WEBHOOK_REQUEST_TIMEOUT_SEC: "30",
                WS_PING_INTERVAL_SEC: "0.3",
                WS_PONG_TIMEOUT_SEC: "2.5",
                WS_READ_TIMEOUT_SEC: "2",
                READ_LIMIT_BYTES: "512",
              },
            },
          })),
        ],
        test: {
          name,
          include: name === "worker-paths" ? ["test/worker-paths/*.test.ts"] : ["test/worker-paths/connection.*.test.ts"],
          globalSetup: ["test/support/webhookServer.globalSetup.ts"],
          testTimeout: 20_000,
        },
      })),
      {
        test: {
          // Against a real `wrangler dev` (each file starts its own on a free port).
          name: "dev",
          include: ["test/dev/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
