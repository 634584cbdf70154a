import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/** Values the global setups provide (test/support/*.globalSetup.ts): ports, and the test TURN API's URL and token. */
type Inject = (key: "webhookPort" | "closedPort" | "turnPort" | "turnApiUrl" | "turnToken") => string;

interface WorkerProject {
  name: string;
  include: string[];
  /** Worker vars of this project (the Worker's own `[vars]` defaults apply to the rest). */
  bindings?: (inject: Inject) => Record<string, string>;
  /** Starts the scriptable webhook server (test/support/webhookServer.globalSetup.ts) for the project. */
  webhookServer?: boolean;
  /** Starts the test TURN API (test/support/turnServer.globalSetup.ts) for the project. */
  turnServer?: boolean;
  testTimeout?: number;
}

/** One Workers-pool project: the real Worker and Durable Object from wrangler.toml, with other vars. */
function workerProject({
  name,
  include,
  bindings,
  webhookServer,
  turnServer,
  testTimeout,
}: WorkerProject): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Only the test runner needs Node APIs; the deployed Worker does not.
          compatibilityFlags: ["nodejs_compat"],
          bindings: bindings?.((key) => String(inject(key))) ?? {},
        },
      })),
    ],
    test: {
      name,
      include,
      globalSetup: [
        ...(webhookServer ? ["test/support/webhookServer.globalSetup.ts"] : []),
        ...(turnServer ? ["test/support/turnServer.globalSetup.ts"] : []),
      ],
      testTimeout,
    },
  };
}

const webhook = (inject: Inject, path: string) => `http://127.0.0.1:${inject("webhookPort")}/${path}`;

const WORKER: WorkerProject = { name: "worker", include: ["test/worker/**/*.test.ts"] };

const TIMERS: WorkerProject = {
  name: "worker-timers",
  include: ["test/worker-timers/**/*.test.ts"],
  // Short real intervals: heartbeat tests run on the object's own alarm, not on fake timers.
  // The register deadline stays above the read timeout, so that pongs before `register` can be seen to help.
  bindings: () => ({
    WS_PING_INTERVAL_SEC: "0.3",
    WS_PONG_TIMEOUT_SEC: "1",
    WS_READ_TIMEOUT_SEC: "1.5",
    REGISTER_TIMEOUT_SEC: "4",
  }),
  testTimeout: 20_000,
};

const WEBHOOKS: WorkerProject = {
  name: "worker-webhooks",
  include: ["test/worker-webhooks/*.test.ts"],
  webhookServer: true,
  // A 1 s timeout keeps "never answers" short.
  bindings: (inject) => ({
    AUTHN_WEBHOOK_URL: webhook(inject, "authn"),
    DISCONNECT_WEBHOOK_URL: webhook(inject, "disconnect"),
    COPY_WEBSOCKET_HEADER_NAMES: "x-forwarded-for, X-Custom-Token",
    WEBHOOK_REQUEST_TIMEOUT_SEC: "1",
  }),
  testTimeout: 15_000,
};

const OPTIONS: WorkerProject = {
  name: "worker-options",
  include: ["test/worker-options/**/*.test.ts"],
  // The non-default options: `message` relayed, a limit small enough to test byte counting, and a pong timeout
  // shorter than the ping interval (5 s by default), so that the pong deadline is the earliest after a ping.
  bindings: () => ({ TYPE_MESSAGE: "true", READ_LIMIT_BYTES: "256", WS_PONG_TIMEOUT_SEC: "2" }),
};

const METRICS: WorkerProject = {
  name: "worker-metrics",
  include: ["test/worker-metrics/**/*.test.ts"],
  // A socket cap small enough to displace a socket; a binding double stands in for CONNECTION_METRICS.
  bindings: () => ({ MAX_SOCKETS_PER_ROOM: "3" }),
};

/**
 * `project` again with ROOM_ID_FROM_REGISTER=true: test/support/workerSocket.ts then connects every client to
 * the bare `/signaling` URL, so the same tests run through the Worker's register router.
 */
function routedByRegister(project: WorkerProject, include: string[]): WorkerProject {
  return {
    ...project,
    name: `${project.name}-register-routing`,
    include,
    bindings: (inject) => ({ ...project.bindings?.(inject), ROOM_ID_FROM_REGISTER: "true" }),
  };
}

/**
 * Which suites run both ways, plus the router's own tests. Left out, by file: URL routing itself and the upgrade
 * rate limit (the Worker's own, before either routing mode), eviction of an object the URL named, and what only
 * a room named in the URL can see: a `register` naming another room (roomIdMismatch), a socket the room knew
 * before its `register` (beforeRegister). Nothing is skipped at run time.
 */
const REGISTER_ROUTED: Array<[WorkerProject, string[]]> = [
  [
    WORKER,
    ["test/worker/!(routing|upgradeRateLimit|roomIdMismatch).test.ts", "test/worker-register-routing/*.test.ts"],
  ],
  [
    TIMERS,
    [
      "test/worker-timers/heartbeats.test.ts",
      "test/worker-timers/standalone.test.ts",
      "test/worker-register-routing/timers/*.test.ts",
    ],
  ],
  [WEBHOOKS, ["test/worker-webhooks/!(beforeRegister).test.ts", "test/worker-register-routing/webhooks/*.test.ts"]],
  [OPTIONS, ["test/worker-options/*.test.ts"]],
  [METRICS, ["test/worker-metrics/*.test.ts"]],
];

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
      workerProject(WORKER),
      workerProject(TIMERS),
      workerProject(WEBHOOKS),
      workerProject({
        name: "worker-webhooks-held",
        include: ["test/worker-webhooks/held/*.test.ts"],
        webhookServer: true,
        // A long timeout: answers held by the test (interleavings) must never expire before they are released.
        bindings: (inject) => ({
          AUTHN_WEBHOOK_URL: webhook(inject, "authn"),
          DISCONNECT_WEBHOOK_URL: webhook(inject, "disconnect"),
          WEBHOOK_REQUEST_TIMEOUT_SEC: "30",
        }),
        testTimeout: 20_000,
      }),
      workerProject({
        name: "worker-webhooks-refused",
        include: ["test/worker-webhooks/connection-refused/*.test.ts"],
        webhookServer: true,
        // Nothing listens on the authentication URL: every call fails with "connection refused".
        bindings: (inject) => ({
          AUTHN_WEBHOOK_URL: `http://127.0.0.1:${inject("closedPort")}/authn`,
          DISCONNECT_WEBHOOK_URL: webhook(inject, "disconnect"),
        }),
      }),
      workerProject(OPTIONS),
      workerProject(METRICS),
      workerProject({
        name: "worker-jurisdiction",
        include: ["test/worker-jurisdiction/**/*.test.ts"],
        // Set as for production while the runtime (local workerd) has no jurisdictions: the service fails closed.
        bindings: () => ({ ROOM_JURISDICTION: "eu" }),
      }),
      workerProject({
        name: "worker-limits",
        include: ["test/worker-limits/**/*.test.ts"],
        // A cap small enough to reach; the deadlines keep their defaults and run on the room's injected clock.
        // The disconnect webhook shows whether a displaced socket's late close counts it twice.
        webhookServer: true,
        bindings: (inject) => ({ MAX_SOCKETS_PER_ROOM: "2", DISCONNECT_WEBHOOK_URL: webhook(inject, "disconnect") }),
      }),
      workerProject({
        name: "worker-turn",
        include: ["test/worker-turn/**/*.test.ts"],
        turnServer: true,
        webhookServer: true,
        bindings: (inject) => ({
          // The rooms' key id answers as the scenario a test picks (accept.test.ts); the client tests name theirs.
          TURN_KEY_ID: "rooms",
          AUTHN_WEBHOOK_URL: webhook(inject, "authn"),
          TURN_KEY_API_TOKEN: inject("turnToken"),
          TURN_API_URL: inject("turnApiUrl"),
          TURN_CREDENTIAL_TTL_SEC: "3600",
          WEBHOOK_REQUEST_TIMEOUT_SEC: "1",
        }),
      }),
      workerProject({
        name: "worker-inspect",
        include: ["test/worker-inspect/**/*.test.ts"],
        webhookServer: true,
        turnServer: true,
        // The inspector on, with everything it must not show switched on too (docs/inspector.md).
        bindings: (inject) => ({
          INSPECT_TOKEN: "inspect-token-for-tests-0123456789",
          MAX_SOCKETS_PER_ROOM: "3",
          AUTHN_WEBHOOK_URL: webhook(inject, "authn"),
          COPY_WEBSOCKET_HEADER_NAMES: "x-secret-header",
          TURN_KEY_ID: "array",
          TURN_KEY_API_TOKEN: inject("turnToken"),
          TURN_API_URL: inject("turnApiUrl"),
        }),
        testTimeout: 15_000,
      }),
      // The same rules once more with stock signaling URLs (src/edge/registerRouter.ts).
      ...REGISTER_ROUTED.map(([project, include]) => workerProject(routedByRegister(project, include))),
      // The statechart replay (docs/statecharts.md): one project per connection-machine variant (authn, message, TURN).
      ...(
        [
          ["worker-paths", ["test/worker-paths/*.test.ts"], false, false],
          ["worker-paths-authn", ["test/worker-paths/connection.*.test.ts"], true, true],
          ["worker-paths-turn", ["test/worker-paths/connection.*.test.ts"], false, true],
        ] as const
      ).map(([name, include, authn, turn]) =>
        workerProject({
          name,
          include: [...include],
          webhookServer: true,
          bindings: (inject) => ({
            ...(authn
              ? { AUTHN_WEBHOOK_URL: webhook(inject, "authn"), TYPE_MESSAGE: "true" }
              : { TYPE_MESSAGE: "false" }),
            // The webhook server plays the TURN API too, so that the replay can hold its answers.
            ...(turn
              ? { TURN_KEY_ID: "paths", TURN_KEY_API_TOKEN: "paths-token", TURN_API_URL: webhook(inject, "turn") }
              : {}),
            DISCONNECT_WEBHOOK_URL: webhook(inject, "disconnect"),
            // Held answers (the replay's AUTHN_* and TURN_* steps) must never expire before they are released.
            WEBHOOK_REQUEST_TIMEOUT_SEC: "30",
            // Deadlines keep their defaults (the paths' variants say so) and run on the room's injected clock.
            // A small frame limit and socket cap keep OVERSIZED_FRAME and DISPLACED cheap to cause.
            READ_LIMIT_BYTES: "512",
            MAX_SOCKETS_PER_ROOM: "3",
          }),
        }),
      ),
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
