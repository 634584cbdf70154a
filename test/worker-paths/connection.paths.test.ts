// Every generated path of the connection machine, replayed against the real Durable Object, plain and with it evicted
// between every two steps: after each step the object's own snapshot of the socket, its frames and close, relays and
// webhook calls are what the pure machine says. The project's Worker settings pick the variant.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connection";
import { type Config, configOf, connectionSettings } from "../../src/config";
import { defined } from "../support/defined";
import {
  ACCEPTED_AT,
  CONNECTION_ID,
  type ConnectionPath,
  connectionPaths,
  connectionVariants,
  frameTextOf,
  ROOM_ID,
} from "../support/statecharts/connectionPaths";
import { acceptedEventTypesOf, effectActionNamesOf } from "../support/statecharts/machineDefinition";
import { measurePathCoverage, transitionLabel } from "../support/statecharts/pathCoverage";
import { release } from "../support/webhookControl";
import { ALLOW_LIST, allowed, type Entry, replayedPaths, unreachable } from "./support/allowList";
import { connectionExecutors, connectsTheSocket, holdNextAnswer, sendsFrame } from "./support/connectionExecutors";
import { OBSERVABLE, took } from "./support/expected";
import { closeAll, createWorld, evict, expectAsTheMachinesSay, setClock, step } from "./support/replay";

const config = (configOf(env) as { config: Config }).config;
const variant = connectionVariants.find(
  ({ input }) => JSON.stringify(input.settings) === JSON.stringify(connectionSettings(config)),
);
if (!variant)
  throw new Error(
    `no variant of the connection machine has this project's settings: ${JSON.stringify(connectionSettings(config))}`,
  );

async function replay(path: ConnectionPath, evicted: boolean): Promise<void> {
  const world = { ...createWorld(ROOM_ID), path, config };
  const executor = (label: string, event: { type: string }) => {
    const text = frameTextOf(label);
    return text === undefined
      ? defined(connectionExecutors[event.type], `an executor for ${event.type}`)
      : sendsFrame(text);
  };
  try {
    // Only the start has no event, and it prepares nothing.
    for (const { label, event } of path.steps) if (event) await executor(label, event).prepare?.(world, event);
    for (const [index, { label, event, state, effects }] of path.steps.entries()) {
      const previous = path.steps[index - 1];
      if (evicted && previous && allowed(previous.state, "evicted")) await evict(world);
      setClock(event?.at ?? ACCEPTED_AT);
      await holdNextAnswer(world, index);
      await step(`performing step ${index} (${label})`, () =>
        event ? executor(label, event).perform?.(world, event, index) : connectsTheSocket(world),
      );
      took(world.expected, CONNECTION_ID, [state, effects], event);
      if (allowed(state, "compared")) await step(`after step ${index} (${label})`, () => expectAsTheMachinesSay(world));
    }
  } finally {
    closeAll(world);
    if (config.authnWebhookUrl) await release(world.roomId);
    if (config.turn) await release("");
  }
}

/** The first step of a path whose event the allow-list says cannot reach the state it is sent in. */
const unreachableStep = ({ steps }: ConnectionPath) =>
  steps
    .map(({ event }, i) => event && unreachable(defined(steps[i - 1], "the step before an event").state, event.type))
    .find((entry) => entry);

describe("the replay tables", () => {
  it("perform every event type the machine accepts (an executor, or the payloads' own frames), or the allow-list says why not", () => {
    const never = ALLOW_LIST.flatMap(({ unreachable: events }) => (events && "only" in events ? events.only : []));
    const fromFrames = connectionPaths.flatMap(({ steps }) =>
      steps.filter(({ label }) => frameTextOf(label) !== undefined).map(({ event }) => event?.type),
    );
    const performed = new Set([...Object.keys(connectionExecutors), ...fromFrames, ...never]);
    expect([...performed].sort()).toEqual(["start", ...acceptedEventTypesOf(connectionMachine)].sort());
  });
  it("know what every effect shows outside (not logs, data points and messages to the room; a TURN request, as the answer the next step releases)", () => {
    expect(effectActionNamesOf(connectionMachine).filter((name) => !(name in OBSERVABLE))).toEqual([
      "requestTurnCredentials",
      "logSummary",
      "recordMetrics",
      "requestSlot",
      "leaveRoom",
    ]);
  });
  it("need every entry of the allow-list (across all variants)", () => {
    const stops = (what: "compared" | "evicted", entry: Entry, last?: number) =>
      replayedPaths.some(({ steps }) => steps.slice(0, last).some(({ state }) => !allowed(state, what, [entry])));
    for (const entry of ALLOW_LIST) {
      // The machine's own paths take such an event there: without the entry, the replay would get it too.
      if (entry.unreachable)
        expect(
          connectionPaths.some((path) => unreachableStep(path) === entry),
          `${entry.state}: unreachable`,
        ).toBe(true);
      if (entry.compared === false) expect(stops("compared", entry), `${entry.state}: not compared`).toBe(true);
      if (entry.evicted === false) expect(stops("evicted", entry, -1), `${entry.state}: not evicted`).toBe(true);
    }
  });
  it("give the replay no event that the allow-list says cannot reach its state", () => {
    expect(replayedPaths.filter((path) => unreachableStep(path)).map(({ description }) => description)).toEqual([]);
  });
  it("reach every state and take every transition but one: a failed attachment write (faults.test.ts causes it)", () => {
    const { states, transitions } = measurePathCoverage("connection", connectionMachine, replayedPaths);
    expect(states.unreached).toEqual([]);
    expect(transitions.unreached.map(transitionLabel)).toEqual(["active --PERSIST_FAILED#0--> tearingDown"]);
  });
});

for (const evicted of [false, true]) {
  describe(`connection machine paths, replayed${evicted ? " with the object evicted between every two steps" : ""}`, () => {
    for (const path of replayedPaths.filter(({ variant: name }) => name === variant.name))
      it(path.description, () => replay(path, evicted));
  });
}
