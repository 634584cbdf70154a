// vitest globalSetup: the test TURN API (turnServer.ts) for a project's whole run. Its port reaches the
// Worker bindings (cloudflareTest's `inject`) and the tests (`inject("turnPort")`).
import type { TestProject } from "vitest/node";
import { TURN_TEST_TOKEN } from "./turnScenarios";
import { startTurnServer } from "./turnServer";

declare module "vitest" {
  export interface ProvidedContext {
    turnPort: number;
    /** The value for TURN_API_URL. */
    turnApiUrl: string;
    /** The only token it accepts (TURN_KEY_API_TOKEN). */
    turnToken: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTurnServer();
  project.provide("turnPort", server.port);
  project.provide("turnApiUrl", server.apiUrl);
  project.provide("turnToken", TURN_TEST_TOKEN);
  return () => server.close();
}
