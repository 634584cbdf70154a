// vitest globalSetup: one webhook server per project that lists this file, for the whole run. Its port
// reaches the Worker bindings (cloudflareTest's `inject`) and the tests (`inject("webhookPort")`).
import type { TestProject } from "vitest/node";
import { freePort } from "./freePort";
import { startWebhookServer } from "./webhookServer";

declare module "vitest" {
  export interface ProvidedContext {
    webhookPort: number;
    /** A loopback port nothing listens on, for "connection refused". */
    closedPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startWebhookServer();
  project.provide("webhookPort", server.port);
  // Nothing listens on it: the authentication webhook there fails with "connection refused".
  project.provide("closedPort", await freePort());
  return () => server.close();
}
