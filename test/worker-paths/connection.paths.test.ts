// Every generated path of the connection machine, replayed against the real Durable Object: once as it comes,
// once with the object evicted (WebSockets hibernated) between every two steps. After each step the object's
// own snapshot of the socket, its frames and close, relays and webhook calls must be what the pure machine
// says (support/expected.ts). The project's Worker settings pick the variant (worker-paths, worker-paths-authn).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connection";
import { configOf, connectionSettings, type Config } from "../../src/config";
import { ACCEPTED_AT, CONNECTION_ID, connectionPaths, connectionVariants, ROOM_ID, type ConnectionPath } from "../support/statecharts/connectionPaths";
import { acceptedEventTypesOf, effectActionNamesOf } from "../support/statecharts/machineDefinition";
import { release } from "../support/webhookControl";
import { listed, NOT_COMPARED, NOT_EVICTED, UNREACHABLE, unreachable } from "./support/allowList";
import { connectionExecutors } from "./support/connectionExecutors";
import { nothingExpected, OBSERVABLE, started, took } from "./support/expected";
import { closeAll, createWorld, evict, expectAsTheMachinesSay, setClock, step } from "./support/replay";

const config = (configOf(env) as { config: Config }).config;
const variant = connectionVariants.find(({ input }) => JSON.stringify(input.settings) === JSON.stringify(connectionSettings(config)));
const paths = connectionPaths.filter((path) => path.variant === variant?.name);

async function replay(path: ConnectionPath, evicted: boolean): Promise<void> {
  const world = { ...createWorld(ROOM_ID, nothingExpected()), path, config };
  const executor = (index: number) => connectionExecutors[path.steps[index]!.event?.type ?? "start"]!;
  try {
    for (const index of path.steps.keys()) await executor(index).prepare?.(world, index);
    for (const [index, { label, event, state, effects }] of path.steps.entries()) {
      if (evicted && index > 0 && !listed(NOT_EVICTED, path.steps[index - 1]!.state)) await evict(world);
      setClock(event?.at ?? ACCEPTED_AT);
      await step(`performing step ${index} (${label})`, () => executor(index).perform(world, index));
      if (event) took(world.expected, CONNECTION_ID, [state, effects], event);
      else started(world.expected, CONNECTION_ID, false, [state, effects]);
      if (!listed(NOT_COMPARED, state)) await step(`after step ${index} (${label})`, () => expectAsTheMachinesSay(world));
    }
  } finally {
    closeAll(world);
    if (config.authnWebhookUrl) await release(world.roomId);
  }
}

/** The step an allow-list entry says cannot happen, if the path has one. */
const unreachableStep = (path: ConnectionPath) =>
  path.steps.map(({ event, label }, i) => event && { label, entry: unreachable(path.steps[i - 1]!.state, event.type) }).find((found) => found?.entry);

describe("connection machine replay: the tables are complete", () => {
  it("runs with the Worker settings of one of the machine's variants", () => expect(variant).toBeDefined());

  it("performs every event type the machine accepts, or the allow-list says why it cannot", () => {
    const never = UNREACHABLE.flatMap((entry) => ("only" in entry ? entry.only : []));
    expect([...Object.keys(connectionExecutors), ...never].sort()).toEqual(["start", ...acceptedEventTypesOf(connectionMachine)].sort());
  });

  it("knows what every effect of the machine shows outside (logs and messages to the room show nothing)", () => {
    const unseen = effectActionNamesOf(connectionMachine).filter((name) => !(name in OBSERVABLE));
    expect(unseen.sort()).toEqual(["leaveRoom", "logLifecycle", "requestSlot"]);
  });

  it("needs every entry of the allow-list (across both variants)", () => {
    const replayed = connectionPaths.filter((path) => !unreachableStep(path));
    const between = replayed.flatMap(({ steps }) => steps.slice(0, -1).map(({ state }) => state));
    for (const entry of UNREACHABLE) expect(connectionPaths.some((path) => unreachableStep(path)?.entry === entry), entry.state).toBe(true);
    for (const entry of NOT_COMPARED) expect(replayed.some(({ steps }) => steps.some(({ state }) => listed([entry], state))), entry.state).toBe(true);
    for (const entry of NOT_EVICTED) expect(between.some((state) => listed([entry], state)), entry.state).toBe(true);
  });
});

for (const evicted of [false, true]) {
  describe(`connection machine paths, replayed${evicted ? " with the object evicted between every two steps" : ""}`, () => {
    for (const path of paths) {
      const skipped = unreachableStep(path);
      if (skipped) it.skip(`${path.description} [not replayed: ${skipped.label} cannot reach ${skipped.entry!.state}]`, () => {});
      else it(path.description, () => replay(path, evicted));
    }
  });
}
