// The connection machine by example, before `accept` and after the server closed: awaitingRegister,
// authenticating, joining, tearingDown, closed. The accepted states are in connectionMachine.accepted.test.ts.

import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";
import { connectionMachine } from "../../machines/connection";
import type { ConnectionEvent } from "../../machines/connection.types";
import { NO_DEADLINES, readDeadlineAfter } from "../../machines/deadlines";
import { defined } from "../support/defined";
import {
  AUTHENTICATING,
  AWAITING,
  bare,
  begin,
  CLIENT_CLOSED,
  close,
  closedBy,
  ENDED,
  FETCHING_TURN,
  granted,
  ID,
  JOINING,
  join,
  PAIRED,
  PEER,
  paired,
  peerLeft,
  ROOM,
  register,
  relay,
  SETTINGS,
  STANDALONE,
  start,
  step,
  steps,
  TEAR_DOWN,
  WAITING,
} from "./connectionMachine.support";

describe("start", () => {
  it("starts awaiting register, with no effect, no clientId, no peer and no grant", () => {
    const { snapshot, effects } = begin({}, 1_000);
    expect(snapshot.value).toEqual(AWAITING);
    expect(effects).toEqual([]);
    expect(snapshot.context).toMatchObject({
      connectionId: ID,
      roomId: ROOM,
      clientId: "",
      standalone: false,
      peerId: null,
      grant: null,
    });
  });

  it("was routed by its URL unless the register router says otherwise", () => {
    expect(start().context.routing).toBe("url");
    const [routed] = initialTransition(connectionMachine, {
      connectionId: ID,
      roomId: "",
      routing: "register",
      now: 0,
      settings: SETTINGS,
    });
    expect(routed.context.routing).toBe("register");
  });

  it("sets the register and read deadlines from the accept time, and no other", () => {
    expect(start({}, 1_000).context.deadlines).toEqual({
      ...NO_DEADLINES,
      register: 1_000 + SETTINGS.registerTimeoutMs,
      read: readDeadlineAfter(1_000, SETTINGS.readTimeoutMs),
    });
  });
});

describe("awaitingRegister", () => {
  it("asks the room for a slot on a register, defaulting clientId to the connection id", () => {
    const { snapshot, effects } = step(start(), register({}, 500));
    expect(snapshot.value).toEqual(JOINING);
    expect(effects).toEqual([join(false)]);
    expect(snapshot.context.clientId).toBe(ID);
  });

  it("clears the register deadline on register and moves the read deadline", () => {
    const { deadlines } = step(start(), register({}, 500)).snapshot.context;
    expect(deadlines.register).toBeNull();
    expect(deadlines.read).toBe(readDeadlineAfter(500, SETTINGS.readTimeoutMs));
  });

  it("keeps a clientId the client gave, and treats an empty one as absent", () => {
    expect(step(start(), register({ clientId: "alice" })).snapshot.context.clientId).toBe("alice");
    expect(step(start(), register({ clientId: "" })).snapshot.context.clientId).toBe(ID);
  });

  it("keeps the names the client gives itself (ayameClient, libwebrtc), and none when it gives none", () => {
    const named = step(start(), register({ ayameClient: "Momo 2025.1.3", libwebrtc: "Shiguredo-Build M138.7204.0.1" }))
      .snapshot.context;
    expect([named.ayameClient, named.libwebrtc]).toEqual(["Momo 2025.1.3", "Shiguredo-Build M138.7204.0.1"]);
    const anonymous = step(start(), register({ ayameClient: "" })).snapshot.context;
    expect([anonymous.ayameClient, anonymous.libwebrtc]).toEqual([null, null]);
  });

  it("keeps at most 64 characters of a name, never half of one", () => {
    const long = `${"m".repeat(63)}😀${"x".repeat(10_000)}`;
    const { ayameClient } = step(start(), register({ ayameClient: long })).snapshot.context;
    expect(ayameClient).toBe(`${"m".repeat(63)}😀`);
  });

  it("joins as standalone when the register asks for it", () => {
    const { snapshot, effects } = step(start(), register({ standalone: true }));
    expect(snapshot.context.standalone).toBe(true);
    expect(effects).toContainEqual(join(true));
  });

  it("calls the authentication webhook instead of joining when it is enabled", () => {
    const { snapshot, effects } = step(start({ authnEnabled: true }), register({ clientId: "alice" }));
    expect(snapshot.value).toEqual(AUTHENTICATING);
    expect(effects).toEqual([{ type: "callAuthnWebhook" }]);
    expect(snapshot.context.clientId).toBe("alice");
  });

  it("closes with 1008 when the register names another room, before any webhook", () => {
    const { snapshot, effects } = step(start({ authnEnabled: true }), {
      type: "REGISTER",
      at: 10,
      registration: { roomId: "other" },
    });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1008, "roomId does not match", "protocolError"), ...TEAR_DOWN]);
  });

  it("tolerates a pong: it moves the read deadline but not the register deadline", () => {
    const { snapshot, effects } = step(start(), bare("PONG", 5_000));
    expect(snapshot.value).toEqual(AWAITING);
    expect(effects).toEqual([]);
    expect(snapshot.context.deadlines.read).toBe(readDeadlineAfter(5_000, SETTINGS.readTimeoutMs));
    expect(snapshot.context.deadlines.register).toBe(SETTINGS.registerTimeoutMs);
  });

  it("closes with 1000 when the register deadline passes", () => {
    const { snapshot, effects } = step(start(), bare("REGISTER_TIMEOUT", 10_000));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "register timeout", "timeout"), ...TEAR_DOWN]);
  });

  it("closes with 1013 and is forgotten at once when a new socket displaces it", () => {
    const { snapshot, effects } = step(start(), bare("DISPLACED"));
    expect(snapshot.value).toBe("closed");
    expect(snapshot.status).toBe("done");
    expect(effects).toEqual([close(1013, "room busy", "displaced"), ...TEAR_DOWN, ...ENDED]);
  });

  it.each<[string, ConnectionEvent, ReturnType<typeof close>]>([
    ["a relay frame", relay("offer"), close(1000, "protocol error: signaling before accept", "protocolError")],
    ["connected", bare("CONNECTED"), close(1000, "protocol error: connected before accept", "protocolError")],
    [
      "an unexpected type",
      { type: "UNEXPECTED_FRAME", at: 1, frameType: "bye" },
      close(1000, "protocol error: unexpected type", "protocolError"),
    ],
    [
      "a malformed frame",
      { type: "MALFORMED_FRAME", at: 1, problem: "not valid JSON" },
      close(1000, "protocol error: malformed frame", "protocolError"),
    ],
    [
      "an oversized frame",
      { type: "OVERSIZED_FRAME", at: 1, bytes: 2_000_000 },
      close(1009, "frame too large", "protocolError"),
    ],
    ["the read timeout", bare("READ_TIMEOUT"), close(1000, "read timeout", "timeout")],
    ["a failed attachment write", bare("PERSIST_FAILED"), close(1011, "internal error", "internalError")],
  ])("closes on %s", (_, event, closeEffect) => {
    const { snapshot, effects } = step(start(), event);
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([closeEffect, ...TEAR_DOWN]);
  });

  it("ends when the client closes first, leaving the room and reporting a client close", () => {
    const { snapshot, effects } = step(start(), closedBy(1001));
    expect(snapshot.value).toBe("closed");
    expect(snapshot.status).toBe("done");
    expect(effects).toEqual(CLIENT_CLOSED);
  });
});

describe("authenticating", () => {
  const authenticating = () => steps(start({ authnEnabled: true }), register());

  it("asks for a slot when allowed, keeping what the webhook granted for the accept", () => {
    const allowed: ConnectionEvent = {
      type: "AUTHN_ALLOWED",
      at: 20,
      iceServers: [{ urls: "stun:x" }],
      authzMetadata: { r: 1 },
    };
    const { snapshot, effects } = step(authenticating(), allowed);
    expect(snapshot.value).toEqual(JOINING);
    expect(effects).toEqual([join(false)]);
    expect(snapshot.context.grant).toEqual({ iceServers: [{ urls: "stun:x" }], authzMetadata: { r: 1 } });
  });

  it("rejects without a reason of its own and closes with 1000 when denied (the shell sends the webhook's reason)", () => {
    const { snapshot, effects } = step(authenticating(), { type: "AUTHN_DENIED", at: 20, reason: "banned" });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([
      { type: "sendReject", params: {} },
      close(1000, "rejected by authentication webhook", "rejected"),
      ...TEAR_DOWN,
    ]);
  });

  it("rejects with InternalServerError and closes with 1000 when the webhook failed", () => {
    const { snapshot, effects } = step(authenticating(), { type: "AUTHN_FAILED", at: 20, problem: "status 500" });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([
      { type: "sendReject", params: { reason: "InternalServerError" } },
      close(1000, "authentication webhook failed", "rejected"),
      ...TEAR_DOWN,
    ]);
  });

  it("treats a second register as a protocol error", () => {
    const { snapshot, effects } = step(authenticating(), register());
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "protocol error: register again", "protocolError"), ...TEAR_DOWN]);
  });

  it("is not displaced: only sockets that never registered are", () => {
    const { snapshot, effects } = step(authenticating(), bare("DISPLACED"));
    expect(snapshot.value).toEqual(AUTHENTICATING);
    expect(effects).toEqual([]);
  });

  it("ends on a client close; a late webhook answer changes nothing", () => {
    const { snapshot, effects } = step(authenticating(), closedBy());
    expect(snapshot.value).toBe("closed");
    expect(effects).toEqual(CLIENT_CLOSED);
    const late = step(snapshot, { type: "AUTHN_ALLOWED", at: 99 });
    expect(late.snapshot.value).toBe("closed");
    expect(late.effects).toEqual([]);
  });
});

describe("fetchingTurn", () => {
  const TURN_SERVERS = [{ urls: ["turn:turn.example.com:3478"], username: "u", credential: "c" }];

  it("is where a registered client waits for TURN credentials when TURN is on and nobody gave it ICE servers", () => {
    const { snapshot, effects } = step(start({ turnEnabled: true }), register());
    expect(snapshot.value).toEqual(FETCHING_TURN);
    expect(effects).toEqual([{ type: "requestTurnCredentials" }]);
  });

  it("is where an authenticated client waits when the webhook gave no ICE servers", () => {
    const authenticating = steps(start({ authnEnabled: true, turnEnabled: true }), register());
    const { snapshot, effects } = step(authenticating, { type: "AUTHN_ALLOWED", at: 20, authzMetadata: { r: 1 } });
    expect(snapshot.value).toEqual(FETCHING_TURN);
    expect(effects).toEqual([{ type: "requestTurnCredentials" }]);
  });

  it("is not entered when the webhook gave ICE servers: the webhook's win", () => {
    const authenticating = steps(start({ authnEnabled: true, turnEnabled: true }), register());
    const { snapshot, effects } = step(authenticating, {
      type: "AUTHN_ALLOWED",
      at: 20,
      iceServers: [{ urls: "stun:x" }],
    });
    expect(snapshot.value).toEqual(JOINING);
    expect(effects).toEqual([join(false)]);
  });

  it("asks for a slot with the issued ICE servers kept for the accept, beside the webhook's authzMetadata", () => {
    const authenticating = steps(start({ authnEnabled: true, turnEnabled: true }), register());
    const fetching = step(authenticating, { type: "AUTHN_ALLOWED", at: 20, authzMetadata: { r: 1 } }).snapshot;
    const { snapshot, effects } = step(fetching, { type: "TURN_ISSUED", at: 30, iceServers: TURN_SERVERS });
    expect(snapshot.value).toEqual(JOINING);
    expect(effects).toEqual([join(false)]);
    expect(snapshot.context.grant).toEqual({ iceServers: TURN_SERVERS, authzMetadata: { r: 1 } });
  });

  it("asks for a slot without ICE servers when the TURN API failed: signaling never fails because TURN did", () => {
    const fetching = step(start({ turnEnabled: true }), register()).snapshot;
    const { snapshot, effects } = step(fetching, { type: "TURN_FAILED", at: 30, problem: "status 500" });
    expect(snapshot.value).toEqual(JOINING);
    expect(effects).toEqual([join(false)]);
    expect(snapshot.context.grant).toBeNull();
  });

  it("treats signaling before accept as a protocol error, as before any accept", () => {
    const fetching = step(start({ turnEnabled: true }), register()).snapshot;
    const { snapshot, effects } = step(fetching, relay("offer"));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "protocol error: signaling before accept", "protocolError"), ...TEAR_DOWN]);
  });
});

describe("joining", () => {
  const joining = () => steps(start(), register());

  it("waits after the first slot: accept, and the first ping on the first grid point half an interval later", () => {
    const { snapshot, effects } = step(joining(), granted(false, null, 1_000));
    expect(snapshot.value).toEqual(WAITING);
    expect(effects).toEqual([{ type: "sendAccept" }]);
    expect(snapshot.context.peerId).toBeNull();
    // Grid points are multiples of the interval (5 s): the first one at least 2.5 s after 1 s is 5 s.
    expect(snapshot.context.deadlines).toMatchObject({ ping: 5_000, pong: null });
  });

  it("puts both peers of a room on the same ping schedule, whenever each was accepted", () => {
    const first = step(joining(), granted(false, null, 1_000)).snapshot;
    const second = step(joining(), granted(true, PEER, 4_321)).snapshot;
    // The first peer is pinged at 5 s, then at 10 s: the second peer's first ping.
    const firstAfterItsPing = step(
      first,
      bare("PING_DUE", defined(first.context.deadlines.ping, "the first peer's ping deadline")),
    ).snapshot;
    expect(second.context.deadlines.ping).toBe(10_000);
    expect(firstAfterItsPing.context.deadlines.ping).toBe(10_000);
  });

  it("is paired after the second slot and records who is already there", () => {
    const { snapshot, effects } = step(joining(), granted(true, PEER));
    expect(snapshot.value).toEqual(PAIRED);
    expect(effects).toEqual([{ type: "sendAccept" }]);
    expect(snapshot.context.peerId).toBe(PEER);
  });

  it("drops the webhook grant once the accept is sent", () => {
    const withGrant = steps(start({ authnEnabled: true }), register(), {
      type: "AUTHN_ALLOWED",
      at: 15,
      iceServers: [],
    });
    expect(withGrant.context.grant).not.toBeNull();
    expect(step(withGrant, granted(false, null)).snapshot.context.grant).toBeNull();
    expect(step(withGrant, granted(true, PEER)).snapshot.context.grant).toBeNull();
  });

  it("is standalone after a slot when the register asked for it: accept, no pings, the peer recorded", () => {
    const { snapshot, effects } = step(steps(start(), register({ standalone: true })), granted(true, PEER));
    expect(snapshot.value).toEqual(STANDALONE);
    expect(effects).toEqual([{ type: "sendAccept" }]);
    expect(snapshot.context.peerId).toBe(PEER);
    expect(snapshot.context.deadlines.ping).toBeNull();
  });

  it("drops the grant of a standalone socket too", () => {
    const withGrant = steps(start({ authnEnabled: true }), register({ standalone: true }), {
      type: "AUTHN_ALLOWED",
      at: 15,
      iceServers: [],
    });
    expect(step(withGrant, granted(false, null)).snapshot.context.grant).toBeNull();
  });

  it("rejects with full and closes with 1000 when the room refuses", () => {
    const { snapshot, effects } = step(joining(), { type: "SLOT_REFUSED", at: 20 });
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([
      { type: "sendReject", params: { reason: "full" } },
      close(1000, "room full", "rejected"),
      ...TEAR_DOWN,
    ]);
  });

  it("treats a relay frame before the accept as a protocol error", () => {
    expect(step(joining(), relay("candidate")).effects).toEqual([
      close(1000, "protocol error: signaling before accept", "protocolError"),
      ...TEAR_DOWN,
    ]);
  });

  it("ignores a register deadline that passes after register (it was cleared)", () => {
    const { snapshot, effects } = step(joining(), bare("REGISTER_TIMEOUT", 10_000));
    expect(snapshot.value).toEqual(JOINING);
    expect(effects).toEqual([]);
  });
});

describe("tearingDown", () => {
  const tearingDown = () => steps(paired(), { type: "MALFORMED_FRAME", at: 1_000, problem: "x" });

  it("arms the close deadline on entry and clears every other deadline", () => {
    const pinged = steps(paired(), bare("PING_DUE", 500));
    expect(pinged.context.deadlines.pong).not.toBeNull();
    const { deadlines } = step(pinged, { type: "MALFORMED_FRAME", at: 1_000, problem: "x" }).snapshot.context;
    expect(deadlines).toEqual({ ...NO_DEADLINES, close: 1_000 + SETTINGS.closeTimeoutMs });
  });

  it("clears a register deadline that was still running", () => {
    const { deadlines } = step(start(), bare("REGISTER_TIMEOUT", 300)).snapshot.context;
    expect(deadlines).toEqual({ ...NO_DEADLINES, close: 300 + SETTINGS.closeTimeoutMs });
  });

  it.each<[string, ConnectionEvent]>([
    ["frames", relay("offer")],
    ["a register", register()],
    ["a peer leaving", peerLeft(true)],
    ["other deadlines", bare("READ_TIMEOUT")],
    ["a register deadline", bare("REGISTER_TIMEOUT")],
    ["webhook answers", { type: "AUTHN_ALLOWED", at: 1 }],
    ["a failed attachment write", bare("PERSIST_FAILED")],
  ])("ignores %s: nothing more is read or sent", (_, event) => {
    const { snapshot, effects } = step(tearingDown(), event);
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([]);
  });

  it.each<[string, ConnectionEvent]>([
    ["the socket's close arrives", closedBy()],
    ["the close deadline passes", bare("CLOSE_TIMEOUT", 8_000)],
    ["a new socket displaces it", bare("DISPLACED")],
  ])("ends when %s, without leaving the room or calling the webhook a second time", (_, event) => {
    const { snapshot, effects } = step(tearingDown(), event);
    expect(snapshot.value).toBe("closed");
    expect(snapshot.status).toBe("done");
    expect(effects).toEqual(ENDED);
  });
});

describe("closed", () => {
  it("is final: nothing happens any more", () => {
    const done = step(paired(), closedBy()).snapshot;
    for (const event of [relay("offer"), closedBy(), peerLeft(true), bare("CLOSE_TIMEOUT"), bare("DISPLACED")]) {
      const { snapshot, effects } = step(done, event);
      expect(snapshot.value).toBe("closed");
      expect(effects).toEqual([]);
    }
  });
});
