// The shell steps the machines (src/stepping/machineSteps.ts: one actor scope per isolate, targetless transitions
// without xstate's macrostep) exactly as xstate's own `transition()` does: for every state reachable under
// every settings variant and every event of the path tables, the same value, context and status, and the
// same actions (effects and emitted messages) with the same params, context and event. Every targetless
// transition is taken without the macrostep: xstate still gets it right, but that costs what this is for.

import { describe, expect, it, vi } from "vitest";
import { type AnyMachineSnapshot, type AnyStateMachine, type EventObject, initialTransition, transition } from "xstate";
import { CONNECTION_EFFECTS, connectionMachine, connectionUpdates } from "../../machines/connection";
import type { ConnectionEvent } from "../../machines/connection.types";
import { DEADLINES } from "../../machines/deadlines";
import { roomMachine } from "../../machines/room";
import { connectionSteps, roomSteps } from "../../src/stepping/machineSteps";
import { pureTransitions } from "../../src/stepping/pureTransition";
import { defined } from "../support/defined";
import { DEFAULT_SETTINGS, SETTINGS_VARIANTS } from "../support/machineSettings";
import { ACCEPTED_AT, connectionPayloads } from "../support/statecharts/connectionPaths";
import { stateNodesOf } from "../support/statecharts/machineDefinition";
import { roomPayloads } from "../support/statecharts/roomPaths";

/** Short timeouts, so that every deadline passes before the horizon, after which none is followed (pings come forever). */
const TIMEOUTS = {
  // A duration setting added later passes before the horizon too.
  ...Object.fromEntries(
    Object.keys(DEFAULT_SETTINGS)
      .filter((name) => name.endsWith("Ms"))
      .map((name) => [name, 2_500]),
  ),
  // In the order of the defaults, so that each deadline can be the first to pass.
  pingIntervalMs: 2_000,
  pongTimeoutMs: 3_000,
  readTimeoutMs: 5_000,
  registerTimeoutMs: 4_000,
  closeTimeoutMs: 3_000,
};
const HORIZON = ACCEPTED_AT + 8_000;

type Table = Record<string, (snapshot: never) => Array<{ event: EventObject }>>;
const everyEvent = (table: Table) => (snapshot: AnyMachineSnapshot) =>
  Object.values(table).flatMap((payloads) => payloads(snapshot as never).map(({ event }) => event));

/** What a step decided, in plain data: what the shell reads from it. */
function outcome(
  snapshot: AnyMachineSnapshot,
  actions: ReadonlyArray<{ type: string; params?: unknown; info?: unknown }>,
) {
  return {
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status,
    actions: actions.map(({ type, params, info }) => {
      const { context, event } = info as { context: unknown; event: unknown };
      return { type, params, context, event };
    }),
  };
}

const connectionStepper = () =>
  pureTransitions(
    connectionMachine,
    { connectionId: "", roomId: "", now: 0, settings: defined(SETTINGS_VARIANTS[0], "the first settings variant") },
    { updates: connectionUpdates, effects: CONNECTION_EFFECTS },
  );

/** Breadth-first over every reachable snapshot (by value and context), each stepped with every event both ways. */
function exploreAndCompare(
  machine: AnyStateMachine,
  inputs: unknown[],
  eventsIn: (snapshot: AnyMachineSnapshot) => EventObject[],
) {
  const derives = machine === connectionMachine;
  const steps = derives ? connectionStepper() : pureTransitions(machine, inputs[0] as never);
  const macrosteps = vi.spyOn(machine, "transition");
  const seen = new Set<string>();
  const queue: AnyMachineSnapshot[] = [];
  const visit = (snapshot: AnyMachineSnapshot) => {
    const key = JSON.stringify([snapshot.value, snapshot.context, snapshot.status]);
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(snapshot);
  };
  for (const input of inputs) {
    const [expected, expectedActions] = initialTransition(machine, input as never);
    const [actual, actualActions] = steps.initialTransition(input as never);
    expect(outcome(actual, actualActions), "the first snapshot").toEqual(outcome(expected, expectedActions));
    visit(expected);
  }
  const explored = { states: 0, pairs: 0, targetless: new Set<string>(), events: new Set<string>() };
  for (let snapshot = queue.shift(); snapshot; snapshot = queue.shift()) {
    explored.states += 1;
    expect(explored.states, "the reachable state space is finite").toBeLessThan(50_000);
    if (snapshot.status !== "active") continue;
    for (const event of eventsIn(snapshot).filter((e) => !("at" in e) || (e.at as number) <= HORIZON)) {
      explored.pairs += 1;
      explored.events.add(event.type);
      const [expected, expectedActions] = transition(machine, snapshot as never, event as never);
      const before = macrosteps.mock.calls.length;
      const [actual, actualActions] = steps.transition(snapshot as never, event as never);
      const tookMacrostep = macrosteps.mock.calls.length > before;
      const where = `${JSON.stringify(snapshot.value)} on ${JSON.stringify(event)}`;
      expect(outcome(actual, actualActions), where).toEqual(outcome(expected, expectedActions));
      const taken = machine.getTransitionData(snapshot as never, event as never);
      if (taken.length > 0 && taken.every((t) => t.target === undefined)) {
        explored.targetless.add(`${JSON.stringify(snapshot.value)} ${event.type}`);
        if (derives) expect(tookMacrostep, `${where}: a targetless step taken by xstate's macrostep`).toBe(false);
      }
      visit(expected);
    }
  }
  macrosteps.mockRestore();
  return explored;
}

describe("the machines' steps in the Durable Object", { timeout: 120_000 }, () => {
  it("step the connection machine like xstate's transition() in every reachable state, for every event", () => {
    const inputs = SETTINGS_VARIANTS.map((settings) => ({
      connectionId: "connection-1",
      roomId: "room-1",
      now: ACCEPTED_AT,
      settings: { ...settings, ...TIMEOUTS },
    }));
    const explored = exploreAndCompare(connectionMachine, inputs, everyEvent(connectionPayloads as unknown as Table));
    expect(explored.states).toBeGreaterThan(500);
    // Every deadline passed somewhere.
    const deadlineEvents: string[] = Object.values(DEADLINES);
    expect([...explored.events].filter((type) => deadlineEvents.includes(type)).sort()).toEqual(
      deadlineEvents.toSorted(),
    );
    // Every targetless transition of the machine is among those seen (the hot path: relay, pong, ping due).
    const targetlessInMachine = [
      ...new Set(
        stateNodesOf(connectionMachine).flatMap((node) =>
          [...node.transitions.values()]
            .flat()
            .filter((t) => t.target === undefined)
            .map((t) => t.eventType),
        ),
      ),
    ];
    expect([...new Set([...explored.targetless].map((pair) => pair.split(" ").at(-1)))].sort()).toEqual(
      targetlessInMachine.sort(),
    );
  });

  it("step the room machine like xstate's transition() in every reachable state, for every event", () => {
    const explored = exploreAndCompare(roomMachine, [{ occupants: [] }], everyEvent(roomPayloads as unknown as Table));
    expect(explored.states).toBeGreaterThan(3);
  });

  it("return a fresh action list per step, so a step cannot change the actions of an earlier one", () => {
    const steps = connectionStepper();
    const input = {
      connectionId: "a",
      roomId: "room-1",
      now: ACCEPTED_AT,
      settings: defined(SETTINGS_VARIANTS[0], "the first settings variant"),
    };
    const [start] = steps.initialTransition(input);
    const [joining, registerActions] = steps.transition(start, {
      type: "REGISTER",
      at: ACCEPTED_AT,
      registration: { roomId: "room-1" },
    });
    const kept = registerActions.map((action) => action.type);
    steps.transition(joining, { type: "SLOT_GRANTED", at: ACCEPTED_AT, isExistUser: false, peerId: null });
    expect(registerActions.map((action) => action.type)).toEqual(kept);
    expect(kept).toEqual(["xstate.emit"]);
  });

  it("keep every context field a targetless step does not update, by reference (the shell persists by reference)", () => {
    const steps = connectionStepper();
    const input = {
      connectionId: "a",
      roomId: "room-1",
      now: ACCEPTED_AT,
      settings: defined(SETTINGS_VARIANTS[0], "the first settings variant"),
    };
    let [snapshot] = steps.initialTransition(input);
    [snapshot] = steps.transition(snapshot, { type: "REGISTER", at: ACCEPTED_AT, registration: { roomId: "room-1" } });
    [snapshot] = steps.transition(snapshot, { type: "SLOT_GRANTED", at: ACCEPTED_AT, isExistUser: true, peerId: "p" });
    const relay: ConnectionEvent = { type: "RELAY", at: ACCEPTED_AT, frameType: "candidate", raw: "{}" };
    const [same, actions] = steps.transition(snapshot, relay);
    expect(actions.map((action) => action.type)).toEqual(["relayToPeer"]);
    expect(same.context.deadlines, "the quantised read deadline did not move").toBe(snapshot.context.deadlines);
    const [later] = steps.transition(snapshot, { ...relay, at: ACCEPTED_AT + 1_000 });
    expect(later.context.deadlines.read).toBe((snapshot.context.deadlines.read ?? 0) + 1_000);
    expect(later.context.grant, "a field no update names").toBe(snapshot.context.grant);
  });

  it("are built once per isolate, whatever settings later rooms have", () => {
    expect(connectionSteps(defined(SETTINGS_VARIANTS[1], "a second settings variant"))).toBe(
      connectionSteps(defined(SETTINGS_VARIANTS[0], "the first settings variant")),
    );
    expect(roomSteps()).toBe(roomSteps());
  });

  it("step a connection with its own settings, not those the isolate's stepper was built with", () => {
    const first = defined(SETTINGS_VARIANTS[0], "the first settings variant");
    const steps = connectionSteps(first);
    const settings = { ...first, authnEnabled: true };
    const [start] = steps.initialTransition({ connectionId: "a", roomId: "room-1", now: ACCEPTED_AT, settings });
    const [next] = steps.transition(start, { type: "REGISTER", at: ACCEPTED_AT, registration: { roomId: "room-1" } });
    expect(next.value).toEqual({ active: "authenticating" });
  });
});
