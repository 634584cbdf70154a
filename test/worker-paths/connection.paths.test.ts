// Every generated path of the connection machine, replayed against the real Durable Object: once as it
// comes, once with the object evicted (WebSockets hibernated) between every two steps. The project's Worker
// settings pick the machine variant (worker-paths: authn off, message off; worker-paths-authn: on, on).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AnyStateNode } from "xstate";
import { connectionMachine } from "../../machines/connection";
import { configOf } from "../../src/config";
import { connectionPaths, connectionVariants, type ConnectionPath } from "../support/statecharts/connectionPaths";
import { EVICTION_IMPOSSIBLE, UNREACHABLE_STEPS } from "./support/allowList";
import { connectionChecks } from "./support/connectionChecks";
import { connectionExecutors } from "./support/connectionExecutors";
import {
  connectionReplayMoves,
  createConnectionWorld,
  disposeConnectionWorld,
  type ConnectionStep,
  type ConnectionWorld,
} from "./support/connectionWorld";
import { replay, requiredCheckKeys, requiredExecutorKeys, type EvictionPlan, type ReplayTables } from "./support/replay";

const parsed = configOf(env);
if (!parsed.ok) throw new Error(parsed.message);
const config = parsed.config;
const variant = connectionVariants.find(
  ({ input: { settings } }) =>
    settings.authnEnabled === (config.authnWebhookUrl !== undefined) && settings.typeMessage === config.typeMessage,
);
const paths = connectionPaths.filter((path) => path.variant === variant?.name);

const tables: ReplayTables<ConnectionWorld, ConnectionStep> = {
  machine: connectionMachine,
  executors: connectionExecutors,
  checks: connectionChecks,
};

const evictBetweenSteps: EvictionPlan<ConnectionWorld, ConnectionStep> = {
  impossibleAfter: (_, step) => {
    const nodes = (step.expected._nodes as AnyStateNode[]).map((node) => node.id);
    return EVICTION_IMPOSSIBLE.find(({ state }) => nodes.includes(state))?.reason;
  },
};

function testName(path: ConnectionPath): string {
  const { adjustedAs } = connectionReplayMoves(path);
  return adjustedAs ? `${path.description} [unreachable as generated; replayed as ${adjustedAs}]` : path.description;
}

describe("connection machine replay: the tables are complete", () => {
  it("this project's Worker settings are one of the machine's variants, with paths to replay", () => {
    expect(variant, "authn / TYPE_MESSAGE of this project match a variant").toBeDefined();
    expect(paths.length).toBeGreaterThan(0);
  });

  it("has an executor for exactly the event types the machine accepts (and the start)", () => {
    expect(Object.keys(connectionExecutors).sort()).toEqual(requiredExecutorKeys(connectionMachine));
  });

  it("has a check for exactly the machine's states", () => {
    expect(Object.keys(connectionChecks).sort()).toEqual(requiredCheckKeys(connectionMachine));
  });

  it("runs with timeouts that let every timer event happen: read < ping + pong", () => {
    // Otherwise a silent registered socket always hits the pong timeout first, and READ_TIMEOUT in waiting
    // or paired could not be replayed.
    expect(config.readTimeoutMs).toBeLessThan(config.pingIntervalMs + config.pongTimeoutMs);
  });

  it("needs every entry of the allow-lists (across both variants)", () => {
    const leafBefore = (path: ConnectionPath, index: number) => path.steps[index - 1]?.state._nodes.at(-1)?.id;
    for (const entry of UNREACHABLE_STEPS) {
      const used = connectionPaths.some((path) =>
        path.steps.some(({ event }, i) => leafBefore(path, i) === entry.state && !entry.allBut.includes(event.type)),
      );
      expect(used, entry.state).toBe(true);
    }
    // States some path is in between two steps, where the eviction run would evict.
    const between = new Set(
      connectionPaths.flatMap((path) => path.steps.slice(0, -1).flatMap(({ state }) => state._nodes.map((node) => node.id))),
    );
    for (const entry of EVICTION_IMPOSSIBLE) expect(between.has(entry.state), entry.state).toBe(true);
  });
});

const runs: Array<[string, EvictionPlan<ConnectionWorld, ConnectionStep> | undefined]> = [
  ["replayed", undefined],
  ["replayed with the object evicted between every two steps", evictBetweenSteps],
];

for (const [run, eviction] of runs) {
  describe(`connection machine paths, ${run}`, () => {
    it.each(paths.map((path) => [testName(path), path] as const))("%s", async (_, path) => {
      const world = await createConnectionWorld(path, config);
      try {
        await replay(world, tables, eviction);
      } finally {
        await disposeConnectionWorld(world);
      }
    });
  });
}
