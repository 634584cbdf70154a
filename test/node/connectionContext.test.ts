// What the connection machine keeps in its context and decides from it, in the cases its example tests
// (connectionMachine*.test.ts) leave open; each was a mutant that survived them (docs/tests.md, "Mutation testing").
import { describe, expect, it } from "vitest";
import { initialTransition, transition } from "xstate";
import { connectionMachine } from "../../machines/connection";
import { type CloseOutcome, PROBLEM_OUTCOMES } from "../../machines/connection.types";
import {
  AUTHENTICATING,
  bare,
  granted,
  JOINING,
  join,
  PAIRED,
  paired,
  ROOM,
  register,
  SETTINGS,
  STANDALONE,
  start,
  step,
  steps,
  WAITING,
} from "./connectionMachine.support";

/** A socket on a stock URL (ROOM_ID_FROM_REGISTER): routed by its register, so no room id until then. */
const onStockUrl = () =>
  initialTransition(connectionMachine, { connectionId: "c", roomId: "", now: 0, settings: SETTINGS })[0];

describe("the connection's context", () => {
  it.each([
    ["waiting", false, null, WAITING, {}],
    ["paired", true, "peer", PAIRED, {}],
    ["standalone", false, null, STANDALONE, { standalone: true }],
  ] as const)("records when accept was sent (%s)", (_, isExistUser, peerId, state, registration) => {
    const { snapshot } = step(steps(start(), register(registration, 10)), granted(isExistUser, peerId, 25));
    expect(snapshot.value).toEqual(state);
    expect(snapshot.context.acceptedAt).toBe(25);
  });

  it("has no acceptance time before accept", () => {
    expect(steps(start(), register()).context.acceptedAt).toBeNull();
  });

  it("keeps the same deadlines object on a pong that changes no deadline (nothing to persist)", () => {
    const before = steps(paired(), bare("PONG", 1_500));
    const after = step(before, bare("PONG", 1_600)).snapshot;
    expect(after.context.deadlines).toBe(before.context.deadlines);
  });

  it("takes the room id from the register on a stock URL, whichever it is", () => {
    const [next] = transition(connectionMachine, onStockUrl(), register({ roomId: "any-room" }));
    expect(next.value).toEqual(JOINING);
    expect(next.context.roomId).toBe("any-room");
  });

  it("still closes with 1008 when the register names another room than the URL did", () => {
    const { snapshot } = step(start(), register({ roomId: `${ROOM}-other` }));
    expect(snapshot.value).toBe("tearingDown");
  });
});

describe("authentication without TURN", () => {
  it("asks for a slot at once when the webhook allows a client without ICE servers", () => {
    const authenticating = steps(start({ authnEnabled: true, turnEnabled: false }), register());
    expect(authenticating.value).toEqual(AUTHENTICATING);
    const { snapshot, effects } = step(authenticating, { type: "AUTHN_ALLOWED", at: 20 });
    expect(snapshot.value).toEqual(JOINING);
    expect(effects).toEqual([join(false)]);
  });
});

describe("close outcomes", () => {
  it("counts protocol errors and internal errors as problems (a warn line each), and no other outcome", () => {
    const outcomes: CloseOutcome[] = [
      "protocolError",
      "timeout",
      "rejected",
      "peerLeft",
      "ended",
      "displaced",
      "internalError",
    ];
    expect(outcomes.filter((outcome) => PROBLEM_OUTCOMES.has(outcome))).toEqual(["protocolError", "internalError"]);
  });
});
