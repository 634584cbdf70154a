// `register`: the accept frame, the two slots and what happens to everyone else (room id mismatch: roomIdMismatch.test.ts).
import { describe, expect, it } from "vitest";
import { connect, join, notPing, uniqueRoomId } from "../support/workerSocket";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const FULL = '{"type":"reject","reason":"full"}';

describe("accept", () => {
  it("has exactly type, connectionId, isExistClient and isExistUser; false for the first, true for the second", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId, { clientId: "first" });
    const second = await join(roomId, { clientId: "second" });

    expect(Object.keys(first.accept).sort()).toEqual(["connectionId", "isExistClient", "isExistUser", "type"]);
    expect(first.accept).toEqual({
      type: "accept",
      connectionId: expect.stringMatching(ULID),
      isExistClient: false,
      isExistUser: false,
    });
    expect(second.accept).toEqual({
      type: "accept",
      connectionId: expect.stringMatching(ULID),
      isExistClient: true,
      isExistUser: true,
    });
    expect(second.accept.connectionId).not.toBe(first.accept.connectionId);
  });

  it("is sent to a client that registers without a clientId", async () => {
    const roomId = uniqueRoomId();
    const socket = await connect(roomId);
    socket.send({ type: "register", roomId });
    expect(await socket.next(notPing)).toEqual({
      type: "accept",
      connectionId: expect.stringMatching(ULID),
      isExistClient: false,
      isExistUser: false,
    });
  });

  it("tolerates a pong before register", async () => {
    const roomId = uniqueRoomId();
    const socket = await connect(roomId);
    socket.send({ type: "pong" });
    socket.send({ type: "register", roomId });
    expect((await socket.next(notPing)).type).toBe("accept");
  });

  it("ignores unknown extra fields and null optional fields in register", async () => {
    const roomId = uniqueRoomId();
    const socket = await connect(roomId);
    socket.send({
      type: "register",
      roomId,
      clientId: null,
      key: null,
      somethingNew: { nested: [1] },
      ayameClient: "test",
    });
    expect((await socket.next(notPing)).type).toBe("accept");
  });

  it("lets two clients with the same clientId share a room", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId, { clientId: "twin" });
    const second = await join(roomId, { clientId: "twin" });
    expect(first.accept.isExistUser).toBe(false);
    expect(second.accept.isExistUser).toBe(true);
  });
});

describe("a full room", () => {
  it("rejects a third client with full, then closes it with 1000", async () => {
    const roomId = uniqueRoomId();
    await join(roomId);
    await join(roomId);
    const third = await connect(roomId);
    third.send({ type: "register", roomId, clientId: "third" });
    expect(await third.nextText(notPing)).toBe(FULL);
    expect((await third.closed).code).toBe(1000);
    expect(third.frames.filter((text) => !text.includes('"ping"'))).toEqual([FULL]);
  });

  it("rejects the fourth and fifth clients too, and the pair keeps relaying", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    for (const clientId of ["third", "fourth", "fifth"]) {
      const extra = await connect(roomId);
      extra.send({ type: "register", roomId, clientId });
      expect(await extra.nextText(notPing)).toBe(FULL);
      expect((await extra.closed).code).toBe(1000);
    }
    second.socket.send('{"type":"offer","sdp":"still paired"}');
    expect(await first.socket.nextText(notPing)).toBe('{"type":"offer","sdp":"still paired"}');
    first.socket.send('{"type":"answer","sdp":"still paired"}');
    expect(await second.socket.nextText(notPing)).toBe('{"type":"answer","sdp":"still paired"}');
  });

  it("does not tell the pair about the rejected clients", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    const extra = await connect(roomId);
    extra.send({ type: "register", roomId });
    await extra.closed;
    // The next frame each of the pair sees is the one its peer sends now, not a bye or a join notice.
    second.socket.send('{"type":"candidate","ice":null}');
    expect(await first.socket.nextText(notPing)).toBe('{"type":"candidate","ice":null}');
    first.socket.send('{"type":"candidate","ice":{}}');
    expect(await second.socket.nextText(notPing)).toBe('{"type":"candidate","ice":{}}');
  });
});
