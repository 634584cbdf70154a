// Standalone mode on real short intervals (ping 0.3 s, pong 1 s, read 1.5 s): no pings, no pong timeout,
// `connected` ends the session, and nobody gets `bye` when a standalone socket is involved.
import { describe, expect, it } from "vitest";
import { join, uniqueRoomId } from "../support/workerSocket";
import { answerPings, countFrames, isPing, keepSending } from "./timerClient";

function types(frames: string[]): unknown[] {
  return frames.map((raw) => (JSON.parse(raw) as { type?: unknown }).type);
}

describe("standalone", () => {
  it("gets no pings and is not closed for unanswered pings while its peer is pinged", async () => {
    const roomId = uniqueRoomId("standalone-no-pings");
    const peer = await join(roomId);
    answerPings(peer.socket);
    const standalone = await join(roomId, { standalone: true });
    // Any frame refreshes the read deadline; a pong is accepted even though no ping was sent.
    keepSending(standalone.socket, { type: "pong" });
    // Six pings to the peer after the standalone joined span more than the pong timeout (1 s).
    const peerPingsBefore = countFrames(peer.socket, "ping");
    while (countFrames(peer.socket, "ping") < peerPingsBefore + 6) await peer.socket.next(isPing);

    expect(types(standalone.socket.frames)).toEqual(["accept"]);
    standalone.socket.close();
    await peer.socket.closed;
  });

  it("is closed with 1000 when it sends connected; its non-standalone peer gets no bye but is closed", async () => {
    const roomId = uniqueRoomId("standalone-connected");
    const peer = await join(roomId);
    answerPings(peer.socket);
    const standalone = await join(roomId, { standalone: true });
    standalone.socket.send('{"type":"offer","sdp":"standalone-offer"}');
    expect(await peer.socket.next((frame) => frame.type === "offer")).toEqual({
      type: "offer",
      sdp: "standalone-offer",
    });

    standalone.socket.send({ type: "connected" });
    expect((await standalone.socket.closed).code).toBe(1000);
    expect((await peer.socket.closed).code).toBe(1000);
    expect(types(peer.socket.frames)).not.toContain("bye");
    expect(types(standalone.socket.frames)).toEqual(["accept"]);
  });

  it("closes both standalone peers without bye when one sends connected", async () => {
    const roomId = uniqueRoomId("standalone-both");
    const a = await join(roomId, { standalone: true });
    const b = await join(roomId, { standalone: true });
    expect(b.accept.isExistUser).toBe(true);
    a.socket.send({ type: "connected" });
    expect((await a.socket.closed).code).toBe(1000);
    expect((await b.socket.closed).code).toBe(1000);
    expect(types(a.socket.frames)).toEqual(["accept"]);
    expect(types(b.socket.frames)).toEqual(["accept"]);
  });

  it("as the survivor of a non-standalone peer that leaves, gets no bye but is closed with 1000", async () => {
    const roomId = uniqueRoomId("standalone-survivor");
    const standalone = await join(roomId, { standalone: true });
    keepSending(standalone.socket, { type: "pong" });
    const leaver = await join(roomId);
    answerPings(leaver.socket);
    await leaver.socket.next(isPing);
    leaver.socket.close(1000, "done");
    expect((await standalone.socket.closed).code).toBe(1000);
    expect(types(standalone.socket.frames)).toEqual(["accept"]);
  });

  it("as the survivor of a non-standalone peer closed by the pong timeout, gets no bye but is closed", async () => {
    const roomId = uniqueRoomId("standalone-survivor-timeout");
    const standalone = await join(roomId, { standalone: true });
    keepSending(standalone.socket, { type: "pong" });
    const silent = await join(roomId);
    keepSending(silent.socket, { type: "connected" });
    expect((await silent.socket.closed).code).toBe(1000);
    expect((await standalone.socket.closed).code).toBe(1000);
    expect(types(standalone.socket.frames)).toEqual(["accept"]);
  });
});
