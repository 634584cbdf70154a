// The shell's pureTransitions (one reused actor scope) must step the machines exactly like xstate's own
// `transition()` / `initialTransition()`: same snapshots, same effect actions with the same parameters.
import fc from "fast-check";
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from "xstate";
import { describe, expect, it } from "vitest";
import { connectionMachine } from "../../machines/connection";
import type { ConnectionEvent, ConnectionInput } from "../../machines/connection.types";
import { roomMachine } from "../../machines/room";
import type { RoomEvent } from "../../machines/room.types";
import { pureTransitions } from "../../src/room/pureTransition";

function inputWith(authnEnabled: boolean, typeMessage: boolean): ConnectionInput {
  return {
    connectionId: "conn-1",
    roomId: "room-1",
    now: 1000,
    settings: { authnEnabled, typeMessage, pingIntervalMs: 5000, pongTimeoutMs: 60000, readTimeoutMs: 90000 },
  };
}

const at = fc.integer({ min: 1000, max: 1_000_000 });
const connectionEvent: fc.Arbitrary<ConnectionEvent> = fc.oneof(
  fc.record({
    type: fc.constant("REGISTER" as const),
    at,
    registration: fc.record(
      { roomId: fc.constantFrom("room-1", "room-2"), clientId: fc.string(), standalone: fc.boolean() },
      { requiredKeys: ["roomId"] },
    ),
  }),
  fc.record({ type: fc.constant("PONG" as const), at }),
  fc.record({ type: fc.constant("RELAY" as const), at, frameType: fc.constantFrom("offer", "answer", "candidate", "message"), raw: fc.constant("{}") }),
  fc.record({ type: fc.constant("CONNECTED" as const), at }),
  fc.record({ type: fc.constant("MALFORMED_FRAME" as const), at, problem: fc.constant("x") }),
  fc.record({ type: fc.constant("AUTHN_ALLOWED" as const), iceServers: fc.constant([{ urls: "stun:a" }]) }),
  fc.record({ type: fc.constant("AUTHN_DENIED" as const), reason: fc.constant("no") }),
  fc.record({ type: fc.constant("SLOT_GRANTED" as const), at, isExistUser: fc.boolean() }),
  fc.record({ type: fc.constant("SLOT_REFUSED" as const) }),
  fc.record({ type: fc.constant("PEER_JOINED" as const) }),
  fc.record({ type: fc.constant("PEER_LEFT" as const), sendBye: fc.boolean() }),
  fc.record({ type: fc.constant("PING_DUE" as const), at }),
  fc.record({ type: fc.constant("PONG_TIMEOUT" as const), at }),
  fc.record({ type: fc.constant("READ_TIMEOUT" as const), at }),
  fc.record({ type: fc.constant("SOCKET_CLOSED" as const), code: fc.constant(1000), reason: fc.constant("") }),
);
const roomEvent: fc.Arbitrary<RoomEvent> = fc.oneof(
  fc.record({ type: fc.constant("JOIN" as const), connectionId: fc.constantFrom("a", "b", "c"), standalone: fc.boolean() }),
  fc.record({ type: fc.constant("LEAVE" as const), connectionId: fc.constantFrom("a", "b", "c") }),
);

/** What a step decided, in plain data. */
function outcome(snapshot: { value: unknown; context: unknown; status: string }, actions: ReadonlyArray<{ type: string; params?: unknown }>) {
  return {
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status,
    actions: actions.map((action) => ({ type: action.type, params: action.params })),
  };
}

function expectSameSteps<T extends AnyStateMachine>(logic: T, input: unknown, events: readonly unknown[]): void {
  const steps = pureTransitions(logic, input as never);
  const [expectedStart, expectedStartActions] = initialTransition(logic, input as never);
  const [start, startActions] = steps.initialTransition(input as never);
  expect(outcome(start, startActions)).toEqual(outcome(expectedStart, expectedStartActions));
  let expected: AnyMachineSnapshot = expectedStart;
  let actual: AnyMachineSnapshot = start;
  for (const event of events) {
    if (expected.status === "done") break;
    const [nextExpected, expectedActions] = transition(logic, expected as never, event as never);
    const [nextActual, actualActions] = steps.transition(actual as never, event as never);
    expect(outcome(nextActual, actualActions)).toEqual(outcome(nextExpected, expectedActions));
    expected = nextExpected;
    actual = nextActual;
  }
}

describe("pureTransitions", () => {
  it("steps the connection machine like xstate's transition(), event for event", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.array(connectionEvent, { maxLength: 12 }), (authn, typeMessage, events) => {
        expectSameSteps(connectionMachine, inputWith(authn, typeMessage), events);
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

  it("returns a fresh action list per step, so a step cannot change the actions of an earlier one", () => {
    const steps = pureTransitions(connectionMachine, inputWith(false, false));
    const [start] = steps.initialTransition(inputWith(false, false));
    const [joining, registerActions] = steps.transition(start, { type: "REGISTER", at: 2000, registration: { roomId: "room-1" } });
    const kept = registerActions.map((action) => action.type);
    steps.transition(joining, { type: "SLOT_GRANTED", at: 2001, isExistUser: false });
    expect(registerActions.map((action) => action.type)).toEqual(kept);
    expect(kept).toContain("requestSlot");
  });
});
