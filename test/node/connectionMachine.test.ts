// The connection machine by example: one socket's life through every state and transition, driven with
// xstate's pure `initialTransition` / `transition`. Effects come back as actions (with their params);
// context updates (clientId, deadlines, grant) are read from the snapshot.
import { describe, expect, it } from "vitest";
import { initialTransition, transition, type SnapshotFrom } from "xstate";
import { connectionMachine, readDeadlineAfter } from "../../machines/connection";
import type { ConnectionEvent, ConnectionSettings } from "../../machines/connection.types";

type Snapshot = SnapshotFrom<typeof connectionMachine>;
type Effect = { type: string; params?: unknown };

const SETTINGS: ConnectionSettings = {
  authnEnabled: false,
  typeMessage: false,
  pingIntervalMs: 5_000,
  pongTimeoutMs: 60_000,
  readTimeoutMs: 90_000,
};

const ID = "01J0000000000000000000TEST";
const ROOM = "room";

function start(settings: Partial<ConnectionSettings> = {}, now = 0): Snapshot {
  return initialTransition(connectionMachine, { connectionId: ID, roomId: ROOM, now, settings: { ...SETTINGS, ...settings } })[0];
}

function step(snapshot: Snapshot, event: ConnectionEvent): { snapshot: Snapshot; effects: Effect[] } {
  const [next, actions] = transition(connectionMachine, snapshot, event);
  return { snapshot: next, effects: actions.map((action) => (action.params === undefined ? { type: action.type } : { type: action.type, params: action.params })) };
}

function steps(snapshot: Snapshot, ...events: ConnectionEvent[]): Snapshot {
  return events.reduce((current, event) => step(current, event).snapshot, snapshot);
}

const register = (registration: Record<string, unknown> = {}, at = 10): ConnectionEvent => ({
  type: "REGISTER",
  at,
  registration: { roomId: ROOM, ...registration },
});
const granted = (isExistUser: boolean, at = 20): ConnectionEvent => ({ type: "SLOT_GRANTED", at, isExistUser });
const relay = (frameType: "offer" | "answer" | "candidate" | "message", at = 30): ConnectionEvent => ({ type: "RELAY", at, frameType, raw: `{"type":"${frameType}"}` });
const closedBy = (code = 1000): ConnectionEvent => ({ type: "SOCKET_CLOSED", code, reason: "" });

const close = (code: number, reason: string): Effect => ({ type: "closeSocket", params: { code, reason } });
/** What entering tearingDown always does after the transition's own effects. */
const TEAR_DOWN: Effect[] = [{ type: "leaveRoom" }, { type: "callDisconnectWebhook" }];

const waiting = () => steps(start(), register(), granted(false));
const paired = () => steps(start(), register(), granted(true));
const standalone = () => steps(start(), register({ standalone: true }), granted(false));

describe("awaitingRegister", () => {
  it("is where a socket starts: no effects, no clientId yet, a read deadline from the accept time", () => {
    const [snapshot, actions] = initialTransition(connectionMachine, { connectionId: ID, roomId: ROOM, now: 1_000, settings: SETTINGS });
    expect(snapshot.value).toEqual({ active: "awaitingRegister" });
    expect(actions).toEqual([]);
    expect(snapshot.context).toMatchObject({ connectionId: ID, roomId: ROOM, clientId: "", standalone: false, nextPingAt: null, pongDeadline: null });
    expect(snapshot.context.readDeadline).toBe(readDeadlineAfter(1_000, SETTINGS.readTimeoutMs));
  });

  it("asks the room for a slot on a register without authentication, defaulting clientId to the connection id", () => {
    const { snapshot, effects } = step(start(), register({}, 500));
    expect(snapshot.value).toEqual({ active: "joining" });
    expect(effects).toEqual([{ type: "requestSlot" }]);
    expect(snapshot.context.clientId).toBe(ID);
    expect(snapshot.context.readDeadline).toBe(readDeadlineAfter(500, SETTINGS.readTimeoutMs));
  });

  it("keeps a clientId the client gave, and treats an empty one as absent", () => {
    expect(step(start(), register({ clientId: "alice" })).snapshot.context.clientId).toBe("alice");
    expect(step(start(), register({ clientId: "" })).snapshot.context.clientId).toBe(ID);
  });

  it("calls the authentication webhook first when it is enabled", () => {
    const { snapshot, effects } = step(start({ authnEnabled: true }), register({ clientId: "alice" }));
    expect(snapshot.value).toEqual({ active: "authenticating" });
    expect(effects).toEqual([{ type: "callAuthnWebhook" }]);
    expect(snapshot.context.clientId).toBe("alice");
  });

  it("closes with 1008 when the register names another room, before any webhook", () => {
    const { snapshot, effects } = step(start({ authnEnabled: true }), { type: "REGISTER", at: 10, registration: { roomId: "other" } });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1008, "roomId does not match"), ...TEAR_DOWN]);
  });

  it("tolerates a pong: it only moves the read deadline", () => {
    const { snapshot, effects } = step(start(), { type: "PONG", at: 50_000 });
    expect(snapshot.value).toEqual({ active: "awaitingRegister" });
    expect(effects).toEqual([]);
    expect(snapshot.context.readDeadline).toBe(readDeadlineAfter(50_000, SETTINGS.readTimeoutMs));
  });

  it.each<[string, ConnectionEvent, Effect]>([
    ["a relay frame", relay("offer"), close(1000, "protocol error: signaling before accept")],
    ["connected", { type: "CONNECTED", at: 1 }, close(1000, "protocol error: connected before accept")],
    ["an unexpected type", { type: "UNEXPECTED_FRAME", at: 1, frameType: "bye" }, close(1000, "protocol error: unexpected type")],
    ["a malformed frame", { type: "MALFORMED_FRAME", at: 1, problem: "not valid JSON" }, close(1000, "protocol error: malformed frame")],
    ["an oversized frame", { type: "OVERSIZED_FRAME", at: 1, bytes: 2_000_000 }, close(1009, "frame too large")],
    ["the read timeout", { type: "READ_TIMEOUT", at: 90_000 }, close(1000, "read timeout")],
  ])("closes the socket on %s", (_, event, closeEffect) => {
    const { snapshot, effects } = step(start(), event);
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([closeEffect, ...TEAR_DOWN]);
  });

  it("ends when the client closes first, leaving the room and reporting the disconnect", () => {
    const { snapshot, effects } = step(start(), closedBy(1001));
    expect(snapshot.value).toBe("closed");
    expect(snapshot.status).toBe("done");
    expect(effects).toEqual([{ type: "leaveRoom" }, { type: "callDisconnectWebhook" }]);
  });
});

describe("authenticating", () => {
  const authenticating = () => steps(start({ authnEnabled: true }), register());

  it("asks for a slot when allowed, keeping what the webhook granted for the accept", () => {
    const { snapshot, effects } = step(authenticating(), { type: "AUTHN_ALLOWED", iceServers: [{ urls: "stun:x" }], authzMetadata: { r: 1 } });
    expect(snapshot.value).toEqual({ active: "joining" });
    expect(effects).toEqual([{ type: "requestSlot" }]);
    expect(snapshot.context.grant).toEqual({ iceServers: [{ urls: "stun:x" }], authzMetadata: { r: 1 } });
  });

  it("rejects with the webhook's reason and closes with 1000 when denied", () => {
    const { snapshot, effects } = step(authenticating(), { type: "AUTHN_DENIED", reason: "banned" });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([{ type: "sendReject", params: {} }, close(1000, "rejected by authentication webhook"), ...TEAR_DOWN]);
  });

  it("rejects with InternalServerError and closes with 1000 when the webhook failed", () => {
    const { snapshot, effects } = step(authenticating(), { type: "AUTHN_FAILED", problem: "status 500" });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([
      { type: "sendReject", params: { reason: "InternalServerError" } },
      close(1000, "authentication webhook failed"),
      ...TEAR_DOWN,
    ]);
  });

  it("treats a second register while authenticating as a protocol error", () => {
    const { snapshot, effects } = step(authenticating(), register());
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "protocol error: register again"), ...TEAR_DOWN]);
  });

  it("ends on a client close without taking a slot; a late webhook answer changes nothing", () => {
    const { snapshot } = step(authenticating(), closedBy());
    expect(snapshot.value).toBe("closed");
    const late = step(snapshot, { type: "AUTHN_ALLOWED" });
    expect(late.snapshot.value).toBe("closed");
    expect(late.effects).toEqual([]);
  });
});

describe("joining", () => {
  const joining = () => steps(start(), register());

  it("waits after the first slot: accept, then pings every interval", () => {
    const { snapshot, effects } = step(joining(), granted(false, 1_000));
    expect(snapshot.value).toEqual({ active: "waiting" });
    expect(effects).toEqual([{ type: "sendAccept" }]);
    expect(snapshot.context.nextPingAt).toBe(1_000 + SETTINGS.pingIntervalMs);
    expect(snapshot.context.pongDeadline).toBeNull();
  });

  it("is paired after the second slot", () => {
    const { snapshot, effects } = step(joining(), granted(true));
    expect(snapshot.value).toEqual({ active: "paired" });
    expect(effects).toEqual([{ type: "sendAccept" }]);
  });

  it("drops the webhook grant once the accept is sent", () => {
    const withGrant = steps(start({ authnEnabled: true }), register(), { type: "AUTHN_ALLOWED", iceServers: [] });
    expect(withGrant.context.grant).not.toBeNull();
    expect(step(withGrant, granted(false)).snapshot.context.grant).toBeNull();
  });

  it("is standalone after a slot when the register asked for it: accept, no pings", () => {
    const { snapshot, effects } = step(steps(start(), register({ standalone: true })), granted(true));
    expect(snapshot.value).toEqual({ active: "standalone" });
    expect(effects).toEqual([{ type: "sendAccept" }]);
    expect(snapshot.context.nextPingAt).toBeNull();
  });

  it("rejects with full and closes with 1000 when the room refuses", () => {
    const { snapshot, effects } = step(joining(), { type: "SLOT_REFUSED" });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([{ type: "sendReject", params: { reason: "full" } }, close(1000, "room full"), ...TEAR_DOWN]);
  });

  it("treats a relay frame before the accept as a protocol error", () => {
    expect(step(joining(), relay("candidate")).effects).toEqual([close(1000, "protocol error: signaling before accept"), ...TEAR_DOWN]);
  });
});

describe.each([
  ["waiting", waiting],
  ["paired", paired],
])("%s", (state, reach) => {
  it("relays offer, answer and candidate and moves the read deadline", () => {
    for (const frameType of ["offer", "answer", "candidate"] as const) {
      const { snapshot, effects } = step(reach(), relay(frameType, 40_000));
      expect(snapshot.value).toEqual({ active: state });
      expect(effects).toEqual([{ type: "relayToPeer" }]);
      expect(snapshot.context.readDeadline).toBe(readDeadlineAfter(40_000, SETTINGS.readTimeoutMs));
    }
  });

  it("closes on message when TYPE_MESSAGE is off", () => {
    const { snapshot, effects } = step(reach(), relay("message"));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "protocol error: message not enabled"), ...TEAR_DOWN]);
  });

  it("relays message when TYPE_MESSAGE is on", () => {
    const on = steps(start({ typeMessage: true }), register(), granted(state === "paired"));
    expect(step(on, relay("message")).effects).toEqual([{ type: "relayToPeer" }]);
  });

  it("ignores connected (not standalone)", () => {
    const { snapshot, effects } = step(reach(), { type: "CONNECTED", at: 1 });
    expect(snapshot.value).toEqual({ active: state });
    expect(effects).toEqual([]);
  });

  it("pings when due and then expects a pong by the pong timeout", () => {
    const { snapshot, effects } = step(reach(), { type: "PING_DUE", at: 5_020 });
    expect(snapshot.value).toEqual({ active: state });
    expect(effects).toEqual([{ type: "sendPing" }]);
    expect(snapshot.context.nextPingAt).toBe(5_020 + SETTINGS.pingIntervalMs);
    expect(snapshot.context.pongDeadline).toBe(5_020 + SETTINGS.pongTimeoutMs);
  });

  it("keeps the first unanswered ping's pong deadline across later pings", () => {
    const twice = steps(reach(), { type: "PING_DUE", at: 5_000 }, { type: "PING_DUE", at: 10_000 });
    expect(twice.context.pongDeadline).toBe(5_000 + SETTINGS.pongTimeoutMs);
    expect(twice.context.nextPingAt).toBe(10_000 + SETTINGS.pingIntervalMs);
  });

  it("clears the pong deadline on a pong", () => {
    const { snapshot, effects } = step(steps(reach(), { type: "PING_DUE", at: 5_000 }), { type: "PONG", at: 5_100 });
    expect(effects).toEqual([]);
    expect(snapshot.context.pongDeadline).toBeNull();
    expect(snapshot.context.readDeadline).toBe(readDeadlineAfter(5_100, SETTINGS.readTimeoutMs));
  });

  it("closes with 1000 when the pong does not come", () => {
    const { snapshot, effects } = step(steps(reach(), { type: "PING_DUE", at: 5_000 }), { type: "PONG_TIMEOUT", at: 65_000 });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "pong timeout"), ...TEAR_DOWN]);
    expect(snapshot.context.nextPingAt).toBeNull();
    expect(snapshot.context.pongDeadline).toBeNull();
  });

  it.each<[string, ConnectionEvent, Effect]>([
    ["a second register", register(), close(1000, "protocol error: register again")],
    ["a client ping", { type: "UNEXPECTED_FRAME", at: 1, frameType: "ping" }, close(1000, "protocol error: unexpected type")],
    ["a malformed frame", { type: "MALFORMED_FRAME", at: 1, problem: "not a JSON object" }, close(1000, "protocol error: malformed frame")],
    ["an oversized frame", { type: "OVERSIZED_FRAME", at: 1, bytes: 9 }, close(1009, "frame too large")],
    ["the read timeout", { type: "READ_TIMEOUT", at: 1 }, close(1000, "read timeout")],
  ])("closes on %s", (_, event, closeEffect) => {
    const { snapshot, effects } = step(reach(), event);
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([closeEffect, ...TEAR_DOWN]);
  });

  it("ends on a client close", () => {
    const { snapshot, effects } = step(reach(), closedBy());
    expect(snapshot.value).toBe("closed");
    expect(effects).toEqual([{ type: "leaveRoom" }, { type: "callDisconnectWebhook" }]);
  });
});

describe("waiting, and then a peer", () => {
  it("is paired when the peer joins, with no effect of its own", () => {
    const { snapshot, effects } = step(waiting(), { type: "PEER_JOINED" });
    expect(snapshot.value).toEqual({ active: "paired" });
    expect(effects).toEqual([]);
  });
});

describe("paired, and then the peer leaves", () => {
  it("sends bye and closes with 1000", () => {
    const { snapshot, effects } = step(paired(), { type: "PEER_LEFT", sendBye: true });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([{ type: "sendBye" }, close(1000, "peer left"), ...TEAR_DOWN]);
  });

  it("closes with 1000 without bye when the leaver was standalone", () => {
    const { snapshot, effects } = step(paired(), { type: "PEER_LEFT", sendBye: false });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "peer left"), ...TEAR_DOWN]);
  });
});

describe("standalone", () => {
  it("ignores a peer joining", () => {
    const { snapshot, effects } = step(standalone(), { type: "PEER_JOINED" });
    expect(snapshot.value).toEqual({ active: "standalone" });
    expect(effects).toEqual([]);
  });

  it("relays signaling frames", () => {
    expect(step(standalone(), relay("offer")).effects).toEqual([{ type: "relayToPeer" }]);
  });

  it("closes on message when TYPE_MESSAGE is off", () => {
    expect(step(standalone(), relay("message")).effects).toEqual([close(1000, "protocol error: message not enabled"), ...TEAR_DOWN]);
  });

  it("closes with 1000 on connected: signaling is over", () => {
    const { snapshot, effects } = step(standalone(), { type: "CONNECTED", at: 1 });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "standalone connected"), ...TEAR_DOWN]);
  });

  it("closes with 1000 and no bye when the peer leaves", () => {
    const { snapshot, effects } = step(standalone(), { type: "PEER_LEFT", sendBye: false });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "peer left"), ...TEAR_DOWN]);
  });

  it("tolerates a pong (it is never pinged)", () => {
    const { snapshot, effects } = step(standalone(), { type: "PONG", at: 1 });
    expect(snapshot.value).toEqual({ active: "standalone" });
    expect(effects).toEqual([]);
  });
});

describe("tearingDown", () => {
  const tearingDown = () => steps(paired(), { type: "MALFORMED_FRAME", at: 1, problem: "x" });

  it("stops the ping and pong deadlines", () => {
    const pinged = steps(paired(), { type: "PING_DUE", at: 5_000 });
    const snapshot = step(pinged, { type: "MALFORMED_FRAME", at: 6_000, problem: "x" }).snapshot;
    expect(snapshot.context.nextPingAt).toBeNull();
    expect(snapshot.context.pongDeadline).toBeNull();
  });

  it.each<[string, ConnectionEvent]>([
    ["frames", relay("offer")],
    ["a register", register()],
    ["a peer leaving", { type: "PEER_LEFT", sendBye: true }],
    ["timers", { type: "READ_TIMEOUT", at: 1 }],
    ["webhook answers", { type: "AUTHN_ALLOWED" }],
  ])("ignores %s: nothing more is read or sent", (_, event) => {
    const { snapshot, effects } = step(tearingDown(), event);
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([]);
  });

  it("ends when the socket's close arrives, without leaving the room a second time", () => {
    const { snapshot, effects } = step(tearingDown(), closedBy());
    expect(snapshot.value).toBe("closed");
    expect(snapshot.status).toBe("done");
    expect(effects).toEqual([]);
  });
});

describe("closed", () => {
  it("is final: nothing happens any more", () => {
    const done = step(waiting(), closedBy()).snapshot;
    for (const event of [relay("offer"), closedBy(), { type: "PEER_LEFT", sendBye: true } as ConnectionEvent]) {
      const { snapshot, effects } = step(done, event);
      expect(snapshot.value).toBe("closed");
      expect(effects).toEqual([]);
    }
  });
});

describe("readDeadlineAfter", () => {
  it("rounds the deadline up to a quantum of at most a second, never earlier than the timeout", () => {
    expect(readDeadlineAfter(1_234, 90_000)).toBe(92_000);
    expect(readDeadlineAfter(1_000, 90_000)).toBe(91_000);
    expect(readDeadlineAfter(1_234, 1_500)).toBe(2_850);
    expect(readDeadlineAfter(7, 5)).toBe(12);
  });
});
