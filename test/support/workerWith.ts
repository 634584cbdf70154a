// The Worker's own fetch handler, called with an env of our choosing: other variables or bindings for the
// Worker while the Durable Objects behind it stay those of the test project.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import type { ConnectOptions } from "./workerSocket";

export type Fetcher = NonNullable<ConnectOptions["fetcher"]>;

export function workerWith(vars: Record<string, unknown>): Fetcher {
  return {
    fetch: (input, init) =>
      worker.fetch(
        new Request(input, init) as Request<unknown, IncomingRequestCfProperties>,
        vars as unknown as Env,
        createExecutionContext(),
      ),
  };
}

/** The test project's env with these variables set (and the rest as configured). */
export function envWith(vars: Record<string, unknown>): Fetcher {
  return workerWith({ ...env, ...vars });
}

export function envWithout(name: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...env };
  delete copy[name];
  return copy;
}
