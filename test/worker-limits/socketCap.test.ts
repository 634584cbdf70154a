// MAX_SOCKETS_PER_ROOM (2 in this project): every socket the room tracks counts; at the cap closing sockets
// are let go and the oldest unregistered ones displaced, and only a room of registered sockets refuses.
import { describe, expect, it } from "vitest";
import { connect, join, uniqueRoomId, upgrade } from "../support/workerSocket";

describe("the socket cap of a room", () => {
  it("refuses an upgrade with 429 before accepting it when every socket of the room is registered", async () => {
    const roomId = uniqueRoomId("cap-full");
    const a = await join(roomId);
    const b = await join(roomId);
    const response = await upgrade(roomId);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(response.webSocket).toBeNull();
    a.socket.send('{"type":"offer","sdp":"still paired"}');
    expect(await b.socket.next((frame) => frame.type === "offer")).toMatchObject({ sdp: "still paired" });
    a.socket.close();
    await b.socket.closed;
  });

  it("displaces the oldest unregistered socket with 1013 to take a new one", async () => {
    const roomId = uniqueRoomId("cap-displace");
    const oldest = await connect(roomId);
    const younger = await connect(roomId);
    const newest = await connect(roomId);
    expect(await oldest.closed).toEqual({ code: 1013, reason: "room busy" });
    younger.send({ type: "register", roomId });
    newest.send({ type: "register", roomId });
    expect(await younger.next()).toMatchObject({ type: "accept", isExistUser: false });
    expect(await newest.next()).toMatchObject({ type: "accept", isExistUser: true });
    younger.close();
    await newest.closed;
  });

  it("never locks a real pair out of a room flooded with sockets that do not register", async () => {
    const roomId = uniqueRoomId("cap-flood");
    const flood = [];
    for (let i = 0; i < 12; i++) flood.push(await connect(roomId));
    const a = await join(roomId);
    const b = await join(roomId);
    expect([a.accept.isExistUser, b.accept.isExistUser]).toEqual([false, true]);
    for (const socket of flood) expect((await socket.closed).code).toBe(1013);
    a.socket.close();
    await b.socket.closed;
  });

  it("lets a socket that is only closing go before refusing anyone", async () => {
    const roomId = uniqueRoomId("cap-closing");
    const a = await join(roomId);
    // Half-open: it does not answer the server's close frame, so it stays in the room's count while closing.
    const closing = await connect(roomId, { halfOpen: true });
    closing.send("not json");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const b = await join(roomId);
    expect(b.accept.isExistUser).toBe(true);
    closing.close();
    a.socket.close();
    await b.socket.closed;
  });
});
