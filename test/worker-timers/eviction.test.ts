// Hibernation safety: the Durable Object is evicted (in-memory state gone, WebSockets hibernated) at each
// point of a session, and the session goes on as if nothing happened. Intervals: ping 0.3 s, pong 1 s, read 1.5 s.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { connect, join, type TestSocket, uniqueRoomId } from "../support/workerSocket";
import { answerPings, countFrames, isPing, keepSending, roomStub, stillOpenAfter } from "./timerClient";

async function evict(roomId: string): Promise<void> {
  await evictDurableObject(roomStub(roomId), { webSockets: "hibernate" });
}

function types(socket: TestSocket): unknown[] {
  return socket.frames.map((raw) => (JSON.parse(raw) as { type?: unknown }).type);
}

async function pingsAfter(socket: TestSocket, count: number): Promise<void> {
  const target = countFrames(socket, "ping") + count;
  while (countFrames(socket, "ping") < target) await socket.next(isPing);
}

describe("after eviction with hibernated WebSockets", () => {
  it("evictDurableObject really discards the instance while its sockets stay open", async () => {
    const roomId = uniqueRoomId("evict-really");
    const { socket } = await join(roomId, { standalone: true });
    const stub = roomStub(roomId);
    const marker = Symbol("before eviction");
    await runInDurableObject(stub, (instance: object) => Object.assign(instance, { [marker]: true }));
    await evict(roomId);
    expect(await runInDurableObject(stub, (instance: object) => marker in instance)).toBe(false);
    expect(await stillOpenAfter(socket, 0)).toBe(true);
    socket.close();
  });

  it("awaitingRegister: the socket can still register, is accepted and gets pings", async () => {
    const roomId = uniqueRoomId("evict-awaiting");
    const socket = await connect(roomId);
    await evict(roomId);
    socket.send({ type: "register", roomId });
    const accept = await socket.next();
    expect(accept).toMatchObject({ type: "accept", isExistUser: false });
    answerPings(socket);
    await pingsAfter(socket, 2);
    socket.close();
  });

  it("awaitingRegister: the read timeout still closes a socket that never registers", async () => {
    const roomId = uniqueRoomId("evict-awaiting-read-timeout");
    const socket = await connect(roomId);
    await evict(roomId);
    expect((await socket.closed).code).toBe(1000);
    expect(socket.frames).toEqual([]);
  });

  it("waiting: pings keep coming and a second peer joins as the existing user's partner", async () => {
    const roomId = uniqueRoomId("evict-waiting");
    const first = await join(roomId);
    answerPings(first.socket);
    await pingsAfter(first.socket, 1);
    await evict(roomId);
    await pingsAfter(first.socket, 2);

    const second = await join(roomId);
    expect(second.accept.isExistUser).toBe(true);
    answerPings(second.socket);
    second.socket.send('{"type":"offer","sdp":"after-eviction"}');
    expect(await first.socket.next((frame) => frame.type === "offer")).toEqual({
      type: "offer",
      sdp: "after-eviction",
    });
    await pingsAfter(second.socket, 1);
    first.socket.close();
    await second.socket.closed;
  });

  it("waiting with an unregistered socket beside it: only the registered one is rebuilt as an occupant", async () => {
    const roomId = uniqueRoomId("evict-waiting-mixed");
    const first = await join(roomId);
    answerPings(first.socket);
    const unregistered = await connect(roomId);
    keepSending(unregistered, { type: "pong" });
    await evict(roomId);

    unregistered.send({ type: "register", roomId });
    expect(await unregistered.next((frame) => frame.type === "accept")).toMatchObject({ isExistUser: true });
    const third = await connect(roomId);
    third.send({ type: "register", roomId });
    expect(await third.next()).toEqual({ type: "reject", reason: "full" });
    first.socket.close();
    expect((await unregistered.closed).code).toBe(1000);
    expect(types(unregistered).at(-1)).toBe("bye");
  });

  it("paired: relay works both ways, a third client gets full, and bye reaches the peer when one leaves", async () => {
    const roomId = uniqueRoomId("evict-paired");
    const a = await join(roomId);
    const b = await join(roomId);
    answerPings(a.socket);
    answerPings(b.socket);
    await evict(roomId);

    a.socket.send('{"type":"offer","sdp":"a"}');
    expect(await b.socket.next((frame) => frame.type === "offer")).toEqual({ type: "offer", sdp: "a" });
    b.socket.send('{"type":"answer","sdp":"b"}');
    expect(await a.socket.next((frame) => frame.type === "answer")).toEqual({ type: "answer", sdp: "b" });

    await evict(roomId);
    const third = await connect(roomId);
    third.send({ type: "register", roomId });
    expect(await third.next()).toEqual({ type: "reject", reason: "full" });
    expect((await third.closed).code).toBe(1000);

    await pingsAfter(a.socket, 1);
    await pingsAfter(b.socket, 1);
    await evict(roomId);
    a.socket.close(1000, "leaving");
    expect((await b.socket.closed).code).toBe(1000);
    expect(types(b.socket).at(-1)).toBe("bye");

    // The room is empty again: two new clients fit.
    const c = await join(roomId);
    const d = await join(roomId);
    expect([c.accept.isExistUser, d.accept.isExistUser]).toEqual([false, true]);
    c.socket.close();
    await d.socket.closed;
  });

  it("paired: a peer that leaves while the object is hibernated still gets its survivor a bye", async () => {
    const roomId = uniqueRoomId("evict-paired-leave-while-away");
    const a = await join(roomId);
    const b = await join(roomId);
    answerPings(a.socket);
    answerPings(b.socket);
    await evict(roomId);
    // The close is the first thing the new instance hears of this room.
    a.socket.close(1000, "leaving");
    expect((await b.socket.closed).code).toBe(1000);
    expect(types(b.socket)).toContain("bye");
  });

  it("mid-ping: an unanswered ping ends in the pong timeout although the object is evicted after every ping, and the peer gets bye", async () => {
    const roomId = uniqueRoomId("evict-mid-ping");
    const silent = await join(roomId);
    const peer = await join(roomId);
    answerPings(peer.socket);
    // Only the pong timeout can close it: `connected` keeps the read deadline fresh.
    keepSending(silent.socket, { type: "connected" });
    let closed = false;
    void silent.socket.closed.then(() => (closed = true));
    // Had an eviction lost the deadline of the first unanswered ping, each later ping would start it anew
    // and the socket would never be closed. Pings are >= 0.3 s apart: 15 of them are far past 1 s.
    const MAX_PINGS = 15;
    for (let pings = 0; pings < MAX_PINGS && !closed; pings++) {
      await silent.socket.next(isPing).catch(() => undefined);
      if (!closed) await evict(roomId);
    }
    expect((await silent.socket.closed).code).toBe(1000);
    expect(countFrames(silent.socket, "ping")).toBeLessThan(MAX_PINGS);
    expect((await peer.socket.closed).code).toBe(1000);
    expect(types(peer.socket)).toContain("bye");
  });

  it("mid-ping: a pong after the eviction answers the ping from before it", async () => {
    const roomId = uniqueRoomId("evict-mid-ping-answered");
    const { socket } = await join(roomId);
    await socket.next(isPing);
    await evict(roomId);
    socket.send({ type: "pong" });
    answerPings(socket);
    // Ten more pings span well over the pong timeout (1 s) counted from the first ping.
    await pingsAfter(socket, 10);
    expect(await stillOpenAfter(socket, 0)).toBe(true);
    socket.close();
  });

  it("standalone: still no pings, and connected still closes it and its peer without bye", async () => {
    const roomId = uniqueRoomId("evict-standalone");
    const peer = await join(roomId);
    answerPings(peer.socket);
    const standalone = await join(roomId, { standalone: true });
    keepSending(standalone.socket, { type: "pong" });
    await evict(roomId);
    await pingsAfter(peer.socket, 4);
    expect(types(standalone.socket)).toEqual(["accept"]);

    await evict(roomId);
    standalone.socket.send({ type: "connected" });
    expect((await standalone.socket.closed).code).toBe(1000);
    expect((await peer.socket.closed).code).toBe(1000);
    expect(types(peer.socket)).not.toContain("bye");
    expect(types(standalone.socket)).toEqual(["accept"]);
  });

  it("standalone: a standalone peer that leaves while the object is hibernated gets its survivor closed without bye", async () => {
    const roomId = uniqueRoomId("evict-standalone-leaves-while-away");
    const peer = await join(roomId);
    answerPings(peer.socket);
    const standalone = await join(roomId, { standalone: true });
    await evict(roomId);
    standalone.socket.close(1000, "leaving");
    expect((await peer.socket.closed).code).toBe(1000);
    expect(types(peer.socket)).not.toContain("bye");
  });

  it("standalone: a standalone survivor of a peer that leaves while the object is hibernated is closed without bye", async () => {
    const roomId = uniqueRoomId("evict-standalone-survives-while-away");
    const standalone = await join(roomId, { standalone: true });
    keepSending(standalone.socket, { type: "pong" });
    const leaver = await join(roomId);
    answerPings(leaver.socket);
    await evict(roomId);
    leaver.socket.close(1000, "leaving");
    expect((await standalone.socket.closed).code).toBe(1000);
    expect(types(standalone.socket)).toEqual(["accept"]);
  });

  it("standalone: the read timeout still closes a silent standalone socket", async () => {
    const roomId = uniqueRoomId("evict-standalone-read-timeout");
    const { socket } = await join(roomId, { standalone: true });
    await evict(roomId);
    expect((await socket.closed).code).toBe(1000);
    expect(types(socket)).toEqual(["accept"]);
  });
});
