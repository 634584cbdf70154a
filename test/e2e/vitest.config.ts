// The browser end-to-end suite (`npm run test:e2e`): real Chromium, the unmodified Ayame web SDK, and
// `wrangler dev`. Kept out of `npm test` because a fresh machine may lack Chromium (see docs/e2e.md).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: resolve(dirname(fileURLToPath(import.meta.url)), "../.."),
  test: {
    name: "e2e",
    include: ["test/e2e/**/*.e2e.test.ts"],
    environment: "node",
    // Each file starts wrangler dev and Chromium; one file at a time keeps a small machine responsive.
    fileParallelism: false,
    // The scriptable webhook server (inject("webhookPort")) for the authentication scenarios.
    globalSetup: ["test/support/webhookServer.globalSetup.ts"],
    // Generous: the machine may be busy; a hang still fails, with the WebSocket exchange printed.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
