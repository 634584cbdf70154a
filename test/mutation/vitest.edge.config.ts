// The tests StrykerJS runs against each mutant of src/edge/ (stryker.edge.config.mjs, `npm run mutate`): the
// Worker's checks and the register router run only in the Workers runtime, so these are Workers-pool projects
// (@cloudflare/vitest-plugin) like the root vitest.config.ts's, with the files that reach src/edge/ and the
// bindings their projects have there.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

function workerProject(
  name: string,
  include: string[],
  bindings: Record<string, string>,
): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: { compatibilityFlags: ["nodejs_compat"], bindings },
      }),
    ],
    test: { name, include, testTimeout: 20_000 },
  };
}

const ROUTED = { ROOM_ID_FROM_REGISTER: "true" };
// As the root config's worker-timers project: short real timers, the register deadline above the read timeout.
const TIMERS = {
  WS_PING_INTERVAL_SEC: "0.3",
  WS_PONG_TIMEOUT_SEC: "1",
  WS_READ_TIMEOUT_SEC: "1.5",
  REGISTER_TIMEOUT_SEC: "4",
};

export default defineConfig({
  root: resolve(dirname(fileURLToPath(import.meta.url)), "../.."),
  test: {
    projects: [
      workerProject("worker", ["test/worker/{origin,upgradeRateLimit,routing,inspectOff,jurisdiction}.test.ts"], {}),
      workerProject("worker-inspect", ["test/worker-inspect/access.test.ts"], {
        INSPECT_TOKEN: "inspect-token-for-tests-0123456789",
        MAX_SOCKETS_PER_ROOM: "3",
      }),
      workerProject("worker-jurisdiction", ["test/worker-jurisdiction/*.test.ts"], { ROOM_JURISDICTION: "eu" }),
      workerProject(
        "worker-register-routing",
        ["test/worker-register-routing/*.test.ts", "test/worker/{protocolErrors,registration,relay,leaving}.test.ts"],
        ROUTED,
      ),
      workerProject(
        "worker-timers-register-routing",
        [
          "test/worker-timers/heartbeats.test.ts",
          "test/worker-timers/standalone.test.ts",
          "test/worker-register-routing/timers/*.test.ts",
        ],
        { ...TIMERS, ...ROUTED },
      ),
    ],
  },
});
