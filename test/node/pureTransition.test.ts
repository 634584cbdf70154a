// The shell's pureTransitions (one reused actor scope) must step the machines exactly like xstate's own
// `transition()` / `initialTransition()`: same snapshots, same effect actions with the same parameters, and
// the same emitted messages (`xstate.emit` actions carrying their event).
import fc from "fast-check";
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from "xstate";
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connection";
import type { ConnectionEvent, ConnectionEventType, ConnectionInput } from "../../machines/connection.types";
import { NO_DEADLINES } from "../../machines/deadlines";
import { roomMachine } from "../../machines/room";
import type { RoomEvent, RoomEventType } from "../../machines/room.types";
import { pureTransitions } from "../../src/room/pureTransition";
import { leafValues } from "./connectionMachine.support";

function inputWith(authnEnabled: boolean, typeMessage: boolean, turnEnabled = authnEnabled): ConnectionInput {
  return {
    connectionId: "a",
    roomId: "room-1",
    now: 1000,
    settings: { authnEnabled, turnEnabled, typeMessage, pingIntervalMs: 5000, pongTimeoutMs: 60000, readTimeoutMs: 90000, registerTimeoutMs: 10000, closeTimeoutMs: 10000 },
  };
}

const at = fc.integer({ min: 1000, max: 1_000_000 });
const peerId = fc.constantFrom("b", "c");
const timed = <T extends ConnectionEventType>(type: T) => fc.record({ type: fc.constant(type), at });

/** One arbitrary per event type: a new event type does not compile until it is generated here. */
const connectionEvents: { [T in ConnectionEventType]: fc.Arbitrary<ConnectionEvent & { type: T }> } = {
  REGISTER: fc.record({
    type: fc.constant("REGISTER"),
    at,
    registration: fc.record(
      { roomId: fc.constantFrom("room-1", "room-2"), clientId: fc.string(), standalone: fc.boolean() },
      { requiredKeys: ["roomId"] },
    ),
  }),
  PONG: timed("PONG"),
  RELAY: fc.record({ type: fc.constant("RELAY"), at, frameType: fc.constantFrom("offer", "answer", "candidate", "message"), raw: fc.constant("{}") }),
  CONNECTED: timed("CONNECTED"),
  UNEXPECTED_FRAME: fc.record({ type: fc.constant("UNEXPECTED_FRAME"), at, frameType: fc.constantFrom("ping", "unknown") }),
  MALFORMED_FRAME: fc.record({ type: fc.constant("MALFORMED_FRAME"), at, problem: fc.constant("x") }),
  OVERSIZED_FRAME: fc.record({ type: fc.constant("OVERSIZED_FRAME"), at, bytes: fc.nat() }),
  AUTHN_ALLOWED: fc.record({ type: fc.constant("AUTHN_ALLOWED"), at, iceServers: fc.constantFrom([{ urls: "stun:a" }], undefined) }),
  AUTHN_DENIED: fc.record({ type: fc.constant("AUTHN_DENIED"), at, reason: fc.constant("no") }),
  AUTHN_FAILED: fc.record({ type: fc.constant("AUTHN_FAILED"), at, problem: fc.constant("status 500") }),
  TURN_ISSUED: fc.record({ type: fc.constant("TURN_ISSUED"), at, iceServers: fc.constant([{ urls: ["turn:t:3478"], username: "u", credential: "c" }]) }),
  TURN_FAILED: fc.record({ type: fc.constant("TURN_FAILED"), at, problem: fc.constant("status 500") }),
  SLOT_GRANTED: fc.record({ type: fc.constant("SLOT_GRANTED"), at, isExistUser: fc.boolean(), peerId: fc.option(peerId, { nil: null }) }),
  SLOT_REFUSED: timed("SLOT_REFUSED"),
  PEER_JOINED: fc.record({ type: fc.constant("PEER_JOINED"), at, peerId }),
  PEER_LEFT: fc.record({ type: fc.constant("PEER_LEFT"), at, bye: fc.boolean() }),
  CLOSE_TIMEOUT: timed("CLOSE_TIMEOUT"),
  REGISTER_TIMEOUT: timed("REGISTER_TIMEOUT"),
  READ_TIMEOUT: timed("READ_TIMEOUT"),
  PONG_TIMEOUT: timed("PONG_TIMEOUT"),
  PING_DUE: timed("PING_DUE"),
  DISPLACED: timed("DISPLACED"),
  PERSIST_FAILED: timed("PERSIST_FAILED"),
  SOCKET_CLOSED: fc.record({ type: fc.constant("SOCKET_CLOSED"), at, code: fc.constantFrom(1000, 1001, 1006), reason: fc.constant("") }),
};
const connectionEvent = fc.oneof(...Object.values(connectionEvents)) as fc.Arbitrary<ConnectionEvent>;

const roomId = fc.constantFrom("a", "b", "c", "d");
const roomEvents: { [T in RoomEventType]: fc.Arbitrary<Extract<RoomEvent, { type: T }>> } = {
  JOIN: fc.record({ type: fc.constant("JOIN"), connectionId: roomId, standalone: fc.boolean() }),
  LEAVE: fc.record({ type: fc.constant("LEAVE"), connectionId: roomId }),
};
const roomEvent = fc.oneof(...Object.values(roomEvents)) as fc.Arbitrary<RoomEvent>;

/** What a step decided, in plain data. */
function outcome(snapshot: { value: unknown; context: unknown; status: string }, actions: ReadonlyArray<{ type: string; params?: unknown }>) {
  return {
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status,
    actions: actions.map((action) => ({ type: action.type, params: action.params })),
  };
}

/** Steps both ways from the same snapshot; the pure steps' own start is compared too when none is given. */
function expectSameSteps<T extends AnyStateMachine>(logic: T, input: unknown, events: readonly unknown[], from?: AnyMachineSnapshot): void {
  const steps = pureTransitions(logic, input as never);
  let expected: AnyMachineSnapshot;
  let actual: AnyMachineSnapshot;
  if (from) {
    expected = actual = from;
  } else {
    const [expectedStart, expectedStartActions] = initialTransition(logic, input as never);
    const [start, startActions] = steps.initialTransition(input as never);
    expect(outcome(start, startActions)).toEqual(outcome(expectedStart, expectedStartActions));
    expected = expectedStart;
    actual = start;
  }
  for (const event of events) {
    if (expected.status === "done") break;
    const [nextExpected, expectedActions] = transition(logic, expected as never, event as never);
    const [nextActual, actualActions] = steps.transition(actual as never, event as never);
    expect(outcome(nextActual, actualActions)).toEqual(outcome(nextExpected, expectedActions));
    expected = nextExpected;
    actual = nextActual;
  }
}

/** A connection restored from an attachment in any leaf state, as the shell resolves it after a wake-up. */
function restoredConnection(value: StateValue, standalone: boolean, peer: string | null, input: ConnectionInput) {
  const context = { connectionId: "a", openedAt: 0, registeredAt: null, acceptedAt: null, roomId: input.roomId, clientId: "a", standalone, peerId: peer, settings: input.settings, deadlines: NO_DEADLINES, grant: null };
  return connectionMachine.resolveState({ value: value as never, context });
}

describe("pureTransitions", { timeout: 60_000 }, () => {
  it("steps the connection machine like xstate's transition(), event for event", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.array(connectionEvent, { maxLength: 12 }), (authn, typeMessage, events) => {
        expectSameSteps(connectionMachine, inputWith(authn, typeMessage), events);
      }),
    );
  });

  it("steps a connection restored in any state like xstate's transition()", () => {
    const leaves = leafValues(connectionMachine.root);
    fc.assert(
      fc.property(fc.constantFrom(...leaves), fc.boolean(), fc.option(peerId, { nil: null }), fc.array(connectionEvent, { maxLength: 8 }), (value, standalone, peer, events) => {
        const input = inputWith(false, true);
        expectSameSteps(connectionMachine, input, events, restoredConnection(value, standalone, peer, input));
      }),
    );
  });

  it("steps the room machine like xstate's transition(), event for event", () => {
    fc.assert(
      fc.property(fc.array(roomEvent, { maxLength: 12 }), (events) => {
        expectSameSteps(roomMachine, { occupants: [] }, events);
      }),
    );
  });

  it("returns the emitted messages like xstate does, as xstate.emit actions carrying the event", () => {
    const steps = pureTransitions(roomMachine, { occupants: [] });
    const [empty] = steps.initialTransition({ occupants: [] });
    const [waiting] = steps.transition(empty, { type: "JOIN", connectionId: "a", standalone: false });
    const [, actions] = steps.transition(waiting, { type: "JOIN", connectionId: "b", standalone: true });
    expect(actions.map((action) => ({ type: action.type, params: action.params }))).toEqual([
      { type: "xstate.emit", params: { event: { type: "SLOT_GRANTED", to: "b", isExistUser: true, peerId: "a" } } },
      { type: "xstate.emit", params: { event: { type: "PEER_JOINED", to: "a", peerId: "b" } } },
    ]);
  });

  it("returns a fresh action list per step, so a step cannot change the actions of an earlier one", () => {
    const steps = pureTransitions(connectionMachine, inputWith(false, false));
    const [start] = steps.initialTransition(inputWith(false, false));
    const [joining, registerActions] = steps.transition(start, { type: "REGISTER", at: 2000, registration: { roomId: "room-1" } });
    const kept = registerActions.map((action) => action.type);
    steps.transition(joining, { type: "SLOT_GRANTED", at: 2001, isExistUser: false, peerId: null });
    expect(registerActions.map((action) => action.type)).toEqual(kept);
    expect(kept).toEqual(["xstate.emit"]);
  });
});
