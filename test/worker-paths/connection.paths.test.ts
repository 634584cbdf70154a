// Every generated path of the connection machine, replayed against the real Durable Object, plain and with the
// object evicted (WebSockets hibernated) between every two steps. After each step the object's own snapshot of
// the socket, its frames and close, relays and webhook calls are what the pure machine says (support/expected.ts).
// The project's Worker settings pick the variant (worker-paths, worker-paths-authn).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connection";
import { configOf, connectionSettings, type Config } from "../../src/config";
import { ACCEPTED_AT, CONNECTION_ID, connectionPaths, connectionVariants, ROOM_ID, type ConnectionPath } from "../support/statecharts/connectionPaths";
import { acceptedEventTypesOf, effectActionNamesOf } from "../support/statecharts/machineDefinition";
import { release } from "../support/webhookControl";
import { listed, NOT_COMPARED, NOT_EVICTED, UNREACHABLE, unreachable, type Entry } from "./support/allowList";
import { connectionExecutors } from "./support/connectionExecutors";
import { nothingExpected, OBSERVABLE, started, took } from "./support/expected";
import { closeAll, createWorld, evict, expectAsTheMachinesSay, setClock, step } from "./support/replay";

const config = (configOf(env) as { config: Config }).config;
const variant = connectionVariants.find(({ input }) => JSON.stringify(input.settings) === JSON.stringify(connectionSettings(config)));

async function replay(path: ConnectionPath, evicted: boolean): Promise<void> {
  const world = { ...createWorld(ROOM_ID, nothingExpected()), path, config };
  const executor = (event?: { type: string }) => connectionExecutors[event?.type ?? "start"]!;
  try {
    for (const { event } of path.steps) await executor(event).prepare?.(world, event!);
    for (const [index, { label, event, state, effects }] of path.steps.entries()) {
      if (evicted && index > 0 && !listed(NOT_EVICTED, path.steps[index - 1]!.state)) await evict(world);
      setClock(event?.at ?? ACCEPTED_AT);
      await step(`performing step ${index} (${label})`, () => executor(event).perform(world, event!, index));
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
const unreachableStep = ({ steps }: ConnectionPath) =>
  steps.map(({ event, label }, i) => ({ label, entry: event && unreachable(steps[i - 1]!.state, event.type) })).find(({ entry }) => entry);

describe("the replay tables", () => {
  it("run with the Worker settings of one of the machine's variants", () => expect(variant).toBeDefined());

  it("perform every event type the machine accepts, or the allow-list says why not", () => {
    const never = UNREACHABLE.flatMap((entry) => ("only" in entry ? entry.only : []));
    expect([...Object.keys(connectionExecutors), ...never].sort()).toEqual(["start", ...acceptedEventTypesOf(connectionMachine)].sort());
  });

  it("know what every effect shows outside (logs and messages to the room show nothing)", () => {
    expect(effectActionNamesOf(connectionMachine).filter((name) => !(name in OBSERVABLE))).toEqual(["logLifecycle", "requestSlot", "leaveRoom"]);
  });

  it("need every entry of the allow-list (across both variants)", () => {
    const replayed = connectionPaths.filter((path) => !unreachableStep(path));
    const somewhere = (entry: Entry, last: number) => replayed.some(({ steps }) => steps.slice(0, last).some(({ state }) => listed([entry], state)));
    for (const entry of UNREACHABLE) expect(connectionPaths.some((path) => unreachableStep(path)?.entry === entry), entry.state).toBe(true);
    for (const entry of NOT_COMPARED) expect(somewhere(entry, Infinity), entry.state).toBe(true);
    for (const entry of NOT_EVICTED) expect(somewhere(entry, -1), entry.state).toBe(true);
  });
});

for (const evicted of [false, true]) {
  describe(`connection machine paths, replayed${evicted ? " with the object evicted between every two steps" : ""}`, () => {
    for (const path of connectionPaths.filter(({ variant: name }) => name === variant?.name)) {
      const skipped = unreachableStep(path);
      if (skipped) it.skip(`${path.description} [not replayed: ${skipped.label} cannot reach ${skipped.entry!.state}]`, () => {});
      else it(path.description, () => replay(path, evicted));
    }
  });
}
