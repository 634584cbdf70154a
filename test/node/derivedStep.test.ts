// The shell's derived step (src/room/derivedStep.ts, src/room/transitionPlans.ts) must step the machines
// exactly like xstate's own `transition()`: for every state reachable under every settings variant, and every
// event (a payload per way a guard can go), the same snapshot value, context and status and the same
// actions — effects and emitted messages — with the same params, context and event. And it must take every
// one of those steps itself: a step it leaves to xstate is still right, but costs the CPU this is for.
import { createActor, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from "xstate";
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connection";
import type { ConnectionEvent, ConnectionEventType, ConnectionInput, ConnectionSettings } from "../../machines/connection.types";
import { roomMachine } from "../../machines/room";
import type { RoomEvent, RoomEventType } from "../../machines/room.types";
import { derivedInitialSnapshot, derivedStep, type ExecutedAction } from "../../src/room/derivedStep";

const T = 1_700_000_000_000;

/** Stepping stops at this time, so that the reachable states stay finite (pings every 5 s would not). */
const HORIZON = T + 12_000;

/** Every event type at least once; timed ones also at each deadline the context holds (before the horizon). */
function connectionEvents(snapshot: AnyMachineSnapshot): ConnectionEvent[] {
  const { deadlines } = snapshot.context as { deadlines: Record<string, number | null> };
  const due = Object.values(deadlines).filter((at): at is number => at !== null && at <= HORIZON);
  const times = [T + 1_000, ...new Set(due)];
  const timed = <K extends ConnectionEventType>(type: K) => times.map((at) => ({ type, at }) as ConnectionEvent);
  const table: { [K in ConnectionEventType]: ConnectionEvent[] } = {
    REGISTER: [
      { type: "REGISTER", at: T + 10, registration: { roomId: "room-1", clientId: "c" } },
      { type: "REGISTER", at: T + 10, registration: { roomId: "room-1", standalone: true } },
      { type: "REGISTER", at: T + 10, registration: { roomId: "room-2" } },
    ],
    PONG: timed("PONG"),
    RELAY: (["offer", "answer", "candidate", "message"] as const).flatMap((frameType) =>
      times.map((at) => ({ type: "RELAY" as const, at, frameType, raw: `{"type":"${frameType}"}` })),
    ),
    CONNECTED: timed("CONNECTED"),
    UNEXPECTED_FRAME: [{ type: "UNEXPECTED_FRAME", at: T + 20, frameType: "ping" }],
    MALFORMED_FRAME: [{ type: "MALFORMED_FRAME", at: T + 20, problem: "not valid JSON" }],
    OVERSIZED_FRAME: [{ type: "OVERSIZED_FRAME", at: T + 20, bytes: 2_000_000 }],
    AUTHN_ALLOWED: [
      { type: "AUTHN_ALLOWED", at: T + 30, iceServers: [{ urls: ["stun:s"] }], authzMetadata: { a: 1 } },
      { type: "AUTHN_ALLOWED", at: T + 30 },
    ],
    AUTHN_DENIED: [{ type: "AUTHN_DENIED", at: T + 30, reason: "no" }],
    AUTHN_FAILED: [{ type: "AUTHN_FAILED", at: T + 30, problem: "status 500" }],
    TURN_ISSUED: [{ type: "TURN_ISSUED", at: T + 40, iceServers: [{ urls: ["turn:t"], username: "u", credential: "c" }] }],
    TURN_FAILED: [{ type: "TURN_FAILED", at: T + 40, problem: "status 500" }],
    SLOT_GRANTED: [
      { type: "SLOT_GRANTED", at: T + 50, isExistUser: false, peerId: null },
      { type: "SLOT_GRANTED", at: T + 50, isExistUser: true, peerId: "peer" },
    ],
    SLOT_REFUSED: [{ type: "SLOT_REFUSED", at: T + 50 }],
    PEER_JOINED: [{ type: "PEER_JOINED", at: T + 60, peerId: "peer" }],
    PEER_LEFT: [
      { type: "PEER_LEFT", at: T + 70, bye: true },
      { type: "PEER_LEFT", at: T + 70, bye: false },
    ],
    CLOSE_TIMEOUT: timed("CLOSE_TIMEOUT"),
    REGISTER_TIMEOUT: timed("REGISTER_TIMEOUT"),
    READ_TIMEOUT: timed("READ_TIMEOUT"),
    PONG_TIMEOUT: timed("PONG_TIMEOUT"),
    PING_DUE: timed("PING_DUE"),
    DISPLACED: timed("DISPLACED"),
    PERSIST_FAILED: timed("PERSIST_FAILED"),
    SOCKET_CLOSED: [{ type: "SOCKET_CLOSED", at: T + 80, code: 1001, reason: "going away" }],
  };
  return Object.values(table).flat();
}

function roomEvents(): RoomEvent[] {
  const table: { [K in RoomEventType]: RoomEvent[] } = {
    JOIN: ["a", "b", "c"].flatMap((connectionId) => [true, false].map((standalone) => ({ type: "JOIN" as const, connectionId, standalone }))),
    LEAVE: ["a", "b", "c"].map((connectionId) => ({ type: "LEAVE" as const, connectionId })),
  };
  return Object.values(table).flat();
}

function settingsVariants(): ConnectionSettings[] {
  const flags = [false, true];
  return flags.flatMap((authnEnabled) =>
    flags.flatMap((turnEnabled) =>
      flags.map((typeMessage) => ({
        authnEnabled,
        turnEnabled,
        typeMessage,
        pingIntervalMs: 5_000,
        pongTimeoutMs: 60_000,
        readTimeoutMs: 90_000,
        registerTimeoutMs: 10_000,
        closeTimeoutMs: 10_000,
      })),
    ),
  );
}

/** What a step decided, in plain data: what the shell reads from it. */
function outcome(snapshot: AnyMachineSnapshot, actions: ReadonlyArray<{ type: string; params?: unknown; info?: unknown }>) {
  return {
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status,
    actions: actions.map(({ type, params, info }) => {
      const { context, event } = info as ExecutedAction["info"];
      return { type, params, context, event };
    }),
  };
}

interface Explored {
  states: number;
  pairs: number;
  derived: Map<string, number>;
}

/** Breadth-first over every reachable snapshot (by value and context), each checked against every event. */
function exploreAndCompare(machine: AnyStateMachine, inputs: unknown[], eventsIn: (snapshot: AnyMachineSnapshot) => EventObject[]): Explored {
  const self = createActor(machine, { input: inputs[0] as never });
  const step = derivedStep(machine, { self, system: self.system });
  const seen = new Set<string>();
  const queue: AnyMachineSnapshot[] = [];
  const visit = (snapshot: AnyMachineSnapshot) => {
    const key = JSON.stringify([snapshot.value, snapshot.context, snapshot.status]);
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(snapshot);
  };
  for (const input of inputs) visit(initialTransition(machine, input as never)[0]);
  const explored: Explored = { states: 0, pairs: 0, derived: new Map() };
  for (let snapshot = queue.shift(); snapshot; snapshot = queue.shift()) {
    explored.states += 1;
    expect(explored.states, "the reachable state space is finite").toBeLessThan(20_000);
    if (snapshot.status !== "active") continue;
    for (const event of eventsIn(snapshot)) {
      explored.pairs += 1;
      const [expected, expectedActions] = transition(machine, snapshot as never, event as never);
      const derived = step(snapshot, event);
      const where = `${JSON.stringify(snapshot.value)} on ${JSON.stringify(event)}`;
      expect(derived, `the derived step left ${where} to xstate`).toBeDefined();
      expect(outcome(derived![0], derived![1]), where).toEqual(outcome(expected, expectedActions));
      explored.derived.set(event.type, (explored.derived.get(event.type) ?? 0) + 1);
      visit(expected);
    }
  }
  return explored;
}

describe("derivedStep", { timeout: 120_000 }, () => {
  it("steps the connection machine like xstate's transition() in every reachable state, for every event", () => {
    const inputs: ConnectionInput[] = settingsVariants().map((settings) => ({ connectionId: "self", roomId: "room-1", now: T, settings }));
    const explored = exploreAndCompare(connectionMachine, inputs, connectionEvents);
    expect(explored.states).toBeGreaterThan(50);
    for (const type of Object.keys(connectionEvents(initialTransition(connectionMachine, inputs[0]!)[0]).reduce((types, e) => ({ ...types, [e.type]: true }), {}))) {
      expect(explored.derived.get(type) ?? 0, type).toBeGreaterThan(0);
    }
  });

  it("steps the room machine like xstate's transition() in every reachable state, for every event", () => {
    const explored = exploreAndCompare(roomMachine, [{ occupants: [] }], roomEvents);
    expect(explored.states).toBeGreaterThan(3);
  });

  it("makes every first snapshot like xstate's initialTransition(), from one that xstate made", () => {
    const inputs: ConnectionInput[] = settingsVariants().map((settings, index) => ({ connectionId: `c${index}`, roomId: `r${index}`, now: T + index, settings }));
    const self = createActor(connectionMachine, { input: inputs[0]! });
    const [probe, probeActions] = initialTransition(connectionMachine, inputs[0]!);
    const initial = derivedInitialSnapshot(connectionMachine, { self }, probe, probeActions);
    expect(initial, "the connection machine's first snapshot is derived").toBeDefined();
    for (const input of inputs) {
      const [expected, expectedActions] = initialTransition(connectionMachine, input);
      expect(outcome(initial!(input)!, []), JSON.stringify(input)).toEqual(outcome(expected, expectedActions));
    }
    const [room, roomActions] = initialTransition(roomMachine, { occupants: [] });
    const roomInitial = derivedInitialSnapshot(roomMachine, { self: createActor(roomMachine, { input: { occupants: [] } }) }, room, roomActions);
    const occupants = [{ connectionId: "a", standalone: false }];
    expect(outcome(roomInitial!({ occupants })!, [])).toEqual(outcome(...initialTransition(roomMachine, { occupants })));
  });

  it("keeps the snapshot when a step changes nothing (the shell then persists nothing), and moves it when it does", () => {
    const settings = settingsVariants()[0]!;
    const self = createActor(connectionMachine, { input: { connectionId: "s", roomId: "r", now: T, settings } });
    const step = derivedStep(connectionMachine, { self, system: self.system });
    let [snapshot] = initialTransition(connectionMachine, { connectionId: "s", roomId: "r", now: T, settings });
    [snapshot] = transition(connectionMachine, snapshot, { type: "REGISTER", at: T, registration: { roomId: "r" } });
    [snapshot] = transition(connectionMachine, snapshot, { type: "SLOT_GRANTED", at: T, isExistUser: true, peerId: "p" });
    const relay = { type: "RELAY", at: T, frameType: "candidate", raw: "{}" } as const;
    const [next, actions] = step(snapshot, relay)!;
    expect(actions.map((action) => action.type)).toEqual(["relayToPeer"]);
    expect(next, "the quantised read deadline did not move").toBe(snapshot);
    const moved: ConnectionEvent = { ...relay, at: T + 1_000 };
    const [later] = step(snapshot, moved)!;
    expect(later.context.deadlines.read).toBe(snapshot.context.deadlines.read! + 1_000);
    expect(later._nodes, "a targetless step keeps the configuration").toBe(snapshot._nodes);
    expect(later.context.grant, "and every context field it does not assign").toBe(snapshot.context.grant);
    const late: ConnectionEvent = { type: "AUTHN_FAILED", at: T + 2, problem: "late" };
    const [ignored, none] = step(snapshot, late)!;
    expect(ignored).toBe(snapshot);
    expect(none).toEqual([]);
  });
});
