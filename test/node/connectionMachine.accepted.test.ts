// The connection machine by example, after `accept`: pinged (waiting, paired) and standalone. Relaying needs a
// peer the room told us about; bye is sent only when the room says so.
import { describe, expect, it } from "vitest";
import type { ConnectionEvent } from "../../machines/connection.types";
import { readDeadlineAfter } from "../../machines/deadlines";
import {
  bare,
  CLIENT_CLOSED,
  close,
  closedBy,
  PAIRED,
  PEER,
  paired,
  peerJoined,
  peerLeft,
  relay,
  SETTINGS,
  STANDALONE,
  standaloneAlone,
  step,
  steps,
  TEAR_DOWN,
  WAITING,
  waiting,
} from "./connectionMachine.support";

describe.each([
  ["waiting", WAITING, waiting],
  ["paired", PAIRED, paired],
])("pinged, %s", (_, value, reach) => {
  it("closes on message when TYPE_MESSAGE is off", () => {
    const { snapshot, effects } = step(reach(), relay("message"));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "protocol error: message not enabled", "protocolError"), ...TEAR_DOWN]);
  });

  it("ignores connected (only standalone sockets end with it), but counts it as read", () => {
    const { snapshot, effects } = step(reach(), bare("CONNECTED", 3_000));
    expect(snapshot.value).toEqual(value);
    expect(effects).toEqual([]);
    expect(snapshot.context.deadlines.read).toBe(readDeadlineAfter(3_000, SETTINGS.readTimeoutMs));
  });

  it("pings when due, schedules the next ping on the room's grid and expects a pong by the pong timeout", () => {
    // The alarm came 20 ms late: the next ping is still on the grid (multiples of the interval), not 20 ms later.
    const { snapshot, effects } = step(reach(), bare("PING_DUE", 10_020));
    expect(snapshot.value).toEqual(value);
    expect(effects).toEqual([{ type: "sendPing" }]);
    expect(snapshot.context.deadlines).toMatchObject({ ping: 15_000, pong: 10_020 + SETTINGS.pongTimeoutMs });
  });

  it("keeps the first unanswered ping's pong deadline across later pings", () => {
    const twice = steps(reach(), bare("PING_DUE", 5_000), bare("PING_DUE", 10_000));
    expect(twice.context.deadlines).toMatchObject({
      ping: 10_000 + SETTINGS.pingIntervalMs,
      pong: 5_000 + SETTINGS.pongTimeoutMs,
    });
  });

  it("clears the pong deadline on a pong and moves the read deadline", () => {
    const { snapshot, effects } = step(steps(reach(), bare("PING_DUE", 5_000)), bare("PONG", 5_100));
    expect(effects).toEqual([]);
    expect(snapshot.context.deadlines.pong).toBeNull();
    expect(snapshot.context.deadlines.read).toBe(readDeadlineAfter(5_100, SETTINGS.readTimeoutMs));
  });

  it("closes with 1000 when the pong does not come", () => {
    const { snapshot, effects } = step(steps(reach(), bare("PING_DUE", 5_000)), bare("PONG_TIMEOUT", 65_000));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "pong timeout", "timeout"), ...TEAR_DOWN]);
  });

  it.each<[string, ConnectionEvent, ReturnType<typeof close>]>([
    [
      "a second register",
      { type: "REGISTER", at: 1, registration: { roomId: "room" } },
      close(1000, "protocol error: register again", "protocolError"),
    ],
    [
      "a client ping",
      { type: "UNEXPECTED_FRAME", at: 1, frameType: "ping" },
      close(1000, "protocol error: unexpected type", "protocolError"),
    ],
    [
      "a malformed frame",
      { type: "MALFORMED_FRAME", at: 1, problem: "not a JSON object" },
      close(1000, "protocol error: malformed frame", "protocolError"),
    ],
    [
      "an oversized frame",
      { type: "OVERSIZED_FRAME", at: 1, bytes: 9 },
      close(1009, "frame too large", "protocolError"),
    ],
    ["the read timeout", bare("READ_TIMEOUT"), close(1000, "read timeout", "timeout")],
    ["a failed attachment write", bare("PERSIST_FAILED"), close(1011, "internal error", "internalError")],
  ])("closes on %s", (_, event, closeEffect) => {
    const { snapshot, effects } = step(reach(), event);
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([closeEffect, ...TEAR_DOWN]);
  });

  it("is never displaced (only closing and unregistered sockets are)", () => {
    const { snapshot, effects } = step(reach(), bare("DISPLACED"));
    expect(snapshot.value).toEqual(value);
    expect(effects).toEqual([]);
  });

  it("ends on a client close", () => {
    const { snapshot, effects } = step(reach(), closedBy());
    expect(snapshot.value).toBe("closed");
    expect(effects).toEqual(CLIENT_CLOSED);
  });
});

describe("pinged, waiting", () => {
  it("drops signaling frames while there is no peer, but counts them as read", () => {
    for (const frameType of ["offer", "answer", "candidate"] as const) {
      const { snapshot, effects } = step(waiting(), relay(frameType, 40_000));
      expect(snapshot.value).toEqual(WAITING);
      expect(effects).toEqual([]);
      expect(snapshot.context.deadlines.read).toBe(readDeadlineAfter(40_000, SETTINGS.readTimeoutMs));
    }
  });

  it("drops message without a peer when TYPE_MESSAGE is on", () => {
    expect(step(waiting({ typeMessage: true }), relay("message")).effects).toEqual([]);
  });

  it("is paired when the peer joins, recording it, with no effect of its own", () => {
    const { snapshot, effects } = step(waiting(), peerJoined(PEER));
    expect(snapshot.value).toEqual(PAIRED);
    expect(snapshot.context.peerId).toBe(PEER);
    expect(effects).toEqual([]);
  });

  it("relays once the peer joined", () => {
    expect(step(steps(waiting(), peerJoined()), relay("offer")).effects).toEqual([{ type: "relayToPeer" }]);
  });

  it("ignores a peer leaving: it has none", () => {
    const { snapshot, effects } = step(waiting(), peerLeft(true));
    expect(snapshot.value).toEqual(WAITING);
    expect(effects).toEqual([]);
  });
});

describe("pinged, paired", () => {
  it("relays offer, answer and candidate to the peer and moves the read deadline", () => {
    for (const frameType of ["offer", "answer", "candidate"] as const) {
      const { snapshot, effects } = step(paired(), relay(frameType, 40_000));
      expect(snapshot.value).toEqual(PAIRED);
      expect(effects).toEqual([{ type: "relayToPeer" }]);
      expect(snapshot.context.deadlines.read).toBe(readDeadlineAfter(40_000, SETTINGS.readTimeoutMs));
    }
  });

  it("relays message when TYPE_MESSAGE is on", () => {
    expect(step(paired({ typeMessage: true }), relay("message")).effects).toEqual([{ type: "relayToPeer" }]);
  });

  it("sends bye and closes with 1000 when the peer leaves and the room asks for bye", () => {
    const { snapshot, effects } = step(paired(), peerLeft(true));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([{ type: "sendBye" }, close(1000, "peer left", "peerLeft"), ...TEAR_DOWN]);
  });

  it("closes with 1000 without bye when the room says no bye", () => {
    const { snapshot, effects } = step(paired(), peerLeft(false));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "peer left", "peerLeft"), ...TEAR_DOWN]);
  });

  it("records a peer the room names anew (after a wake-up), staying paired", () => {
    const { snapshot, effects } = step(paired(), peerJoined("01J0000000000000000000NEXT"));
    expect(snapshot.value).toEqual(PAIRED);
    expect(snapshot.context.peerId).toBe("01J0000000000000000000NEXT");
    expect(effects).toEqual([]);
  });
});

describe("standalone", () => {
  it("is never pinged: no ping deadline, and a ping that comes due anyway is ignored", () => {
    const alone = standaloneAlone();
    expect(alone.context.deadlines).toMatchObject({ ping: null, pong: null });
    const { snapshot, effects } = step(alone, bare("PING_DUE"));
    expect(snapshot.value).toEqual(STANDALONE);
    expect(effects).toEqual([]);
  });

  it("tolerates a pong: it only moves the read deadline", () => {
    const { snapshot, effects } = step(standaloneAlone(), bare("PONG", 3_000));
    expect(snapshot.value).toEqual(STANDALONE);
    expect(effects).toEqual([]);
    expect(snapshot.context.deadlines.read).toBe(readDeadlineAfter(3_000, SETTINGS.readTimeoutMs));
  });

  it("records a peer that joins and stays standalone", () => {
    const { snapshot, effects } = step(standaloneAlone(), peerJoined(PEER));
    expect(snapshot.value).toEqual(STANDALONE);
    expect(snapshot.context.peerId).toBe(PEER);
    expect(effects).toEqual([]);
  });

  it("drops signaling frames while there is no peer", () => {
    expect(step(standaloneAlone(), relay("offer")).effects).toEqual([]);
  });

  it("relays signaling frames to its peer", () => {
    expect(step(steps(standaloneAlone(), peerJoined()), relay("offer")).effects).toEqual([{ type: "relayToPeer" }]);
  });

  it("closes on message when TYPE_MESSAGE is off", () => {
    expect(step(steps(standaloneAlone(), peerJoined()), relay("message")).effects).toEqual([
      close(1000, "protocol error: message not enabled", "protocolError"),
      ...TEAR_DOWN,
    ]);
  });

  it("closes with 1000 on connected: signaling is over", () => {
    const { snapshot, effects } = step(standaloneAlone(), bare("CONNECTED"));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "standalone connected", "ended"), ...TEAR_DOWN]);
  });

  it.each([true, false])("closes with 1000 and no bye when the peer leaves (bye: %s)", (bye) => {
    const { snapshot, effects } = step(steps(standaloneAlone(), peerJoined()), peerLeft(bye));
    expect(snapshot.value).toBe("tearingDown");
    expect(effects).toEqual([close(1000, "peer left", "peerLeft"), ...TEAR_DOWN]);
  });

  it("ends on a client close", () => {
    const { snapshot, effects } = step(standaloneAlone(), closedBy());
    expect(snapshot.value).toBe("closed");
    expect(effects).toEqual(CLIENT_CLOSED);
  });
});
