// Pings, pong timeout and read timeout on real short intervals (ping 0.3 s, pong 1 s, read 1.5 s). A close a
// deadline owes is awaited for a few times that deadline: if it never comes, the assertion says so.
import { describe, expect, it } from "vitest";
import { defined } from "../support/defined";
import { connect, join, uniqueRoomId } from "../support/workerSocket";
import {
  answerPings,
  closedWithin,
  countFrames,
  isPing,
  joinTimed,
  keepSending,
  maxPingsDueSince,
  PING_INTERVAL_MS,
  stillOpenAfter,
} from "./timerClient";

const PONG_TIMEOUT = { code: 1000, reason: "pong timeout" };
const READ_TIMEOUT = { code: 1000, reason: "read timeout" };
/** Several times the longest deadline of the project (read, 1.5 s) plus an interval: ample, and far below the test timeout. */
const WITHIN_MS = 5_000;

describe("pings", () => {
  it("pings an accepted socket repeatedly, never faster than the interval", async () => {
    const { socket, registeredFrom } = await joinTimed(uniqueRoomId("pings"));
    answerPings(socket);

    for (let i = 0; i < 6; i++) expect(await socket.next(isPing)).toEqual({ type: "ping" });
    expect(countFrames(socket, "ping")).toBeLessThanOrEqual(maxPingsDueSince(registeredFrom));
    expect(socket.frames.slice(1).every((raw) => raw === '{"type":"ping"}')).toBe(true);
    socket.close();
  });

  it("pings both peers of a paired room", async () => {
    const roomId = uniqueRoomId("pings-paired");
    const a = await join(roomId);
    const b = await join(roomId);
    answerPings(a.socket);
    answerPings(b.socket);
    for (let i = 0; i < 3; i++) {
      expect(await a.socket.next(isPing)).toEqual({ type: "ping" });
      expect(await b.socket.next(isPing)).toEqual({ type: "ping" });
    }
    a.socket.close();
    await b.socket.closed;
  });

  it("sends no ping before accept", async () => {
    const roomId = uniqueRoomId("no-ping-before-accept");
    const socket = await connect(roomId);
    // A pong before register is tolerated; it keeps the read deadline fresh while we wait several intervals.
    const alive = keepSending(socket, { type: "pong" });
    expect(await stillOpenAfter(socket, 4 * PING_INTERVAL_MS)).toBe(true);
    alive.stop();
    expect(socket.frames).toEqual([]);

    socket.send({ type: "register", roomId });
    const first = await socket.next();
    expect(first.type).toBe("accept");
    expect(await socket.next(isPing)).toEqual({ type: "ping" });
    socket.close();
  });
});

describe("pong timeout", () => {
  it("keeps a socket that answers every ping open well past the pong and read timeouts", async () => {
    const roomId = uniqueRoomId("pong-keeps");
    const { socket } = await join(roomId);
    answerPings(socket);
    // Pings are at least one interval apart, so ten of them span more than 2.7 s > pong (1 s) and read (1.5 s).
    for (let i = 0; i < 10; i++) await socket.next(isPing);
    expect(await stillOpenAfter(socket, 0)).toBe(true);
    socket.close();
  });

  it("closes a peer that stops answering pings for the pong timeout and sends the other peer bye, then closes it with 1000", async () => {
    const roomId = uniqueRoomId("pong-timeout");
    const silent = await join(roomId);
    const peer = await join(roomId);
    answerPings(peer.socket);
    const answering = answerPings(silent.socket);
    await silent.socket.next(isPing);
    await silent.socket.next(isPing);
    answering.stop();
    // `connected` is ignored for non-standalone sockets but refreshes the read deadline: only the pong
    // timeout can close this socket.
    keepSending(silent.socket, { type: "connected" });
    const pingsWhenStopped = countFrames(silent.socket, "ping");

    expect(await closedWithin(silent.socket, WITHIN_MS)).toEqual(PONG_TIMEOUT);
    expect(countFrames(silent.socket, "ping")).toBeGreaterThan(pingsWhenStopped);
    expect((await peer.socket.closed).code).toBe(1000);
    expect(peer.socket.frames.map((raw) => JSON.parse(raw))).toContainEqual({ type: "bye" });
    expect(JSON.parse(defined(peer.socket.frames.at(-1), "the peer's last frame"))).toEqual({ type: "bye" });
  });

  it("closes a waiting socket that never answers a ping for the pong timeout", async () => {
    const roomId = uniqueRoomId("pong-timeout-alone");
    const { socket } = await join(roomId);
    keepSending(socket, { type: "connected" });
    expect(await closedWithin(socket, WITHIN_MS)).toEqual(PONG_TIMEOUT);
    expect(countFrames(socket, "ping")).toBeGreaterThanOrEqual(1);
  });

  it("frees the room when a peer is closed by the pong timeout: two new clients can register", async () => {
    const roomId = uniqueRoomId("pong-timeout-frees");
    const silent = await join(roomId);
    const peer = await join(roomId);
    answerPings(peer.socket);
    keepSending(silent.socket, { type: "connected" });
    expect(await closedWithin(silent.socket, WITHIN_MS)).toEqual(PONG_TIMEOUT);
    expect(await closedWithin(peer.socket, WITHIN_MS)).toEqual({ code: 1000, reason: "peer left" });

    const c = await join(roomId);
    const d = await join(roomId);
    expect(c.accept.isExistUser).toBe(false);
    expect(d.accept.isExistUser).toBe(true);
    c.socket.close();
    await d.socket.closed;
  });
});

describe("read timeout", () => {
  it("closes a socket that never registers and never sends anything for the read timeout, before its register deadline, sending nothing", async () => {
    const socket = await connect(uniqueRoomId("read-timeout-unregistered"));
    expect(await closedWithin(socket, WITHIN_MS)).toEqual(READ_TIMEOUT);
    expect(socket.frames).toEqual([]);
  });

  it("closes a registered standalone socket that sends no frames for the read timeout", async () => {
    const roomId = uniqueRoomId("read-timeout-standalone");
    const { socket } = await join(roomId, { standalone: true });
    expect(await closedWithin(socket, WITHIN_MS)).toEqual(READ_TIMEOUT);
    expect(socket.frames.map((raw) => JSON.parse(raw).type)).toEqual(["accept"]);
  });

  it("keeps an unregistered socket open while it sends pongs, then closes it when it goes quiet", async () => {
    const socket = await connect(uniqueRoomId("read-timeout-refreshed"));
    const alive = keepSending(socket, { type: "pong" });
    // Longer than the read timeout (1.5 s): the pongs must have refreshed the deadline.
    expect(await stillOpenAfter(socket, 2500)).toBe(true);
    alive.stop();
    expect((await socket.closed).code).toBe(1000);
    expect(socket.frames).toEqual([]);
  });
});

describe("connected from a non-standalone socket", () => {
  it("is ignored: the socket stays paired, relays and keeps getting pings", async () => {
    const roomId = uniqueRoomId("connected-ignored");
    const a = await join(roomId);
    const b = await join(roomId);
    answerPings(a.socket);
    answerPings(b.socket);
    a.socket.send({ type: "connected" });
    a.socket.send('{"type":"offer","sdp":"after-connected"}');
    expect(await b.socket.next((frame) => frame.type === "offer")).toEqual({ type: "offer", sdp: "after-connected" });
    await a.socket.next(isPing);
    expect(await stillOpenAfter(a.socket, 0)).toBe(true);
    a.socket.close();
    await b.socket.closed;
  });
});
