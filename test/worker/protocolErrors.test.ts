// Every protocol error of the reference closes the socket with 1000 and sends no reject; an oversized
// frame closes with 1009.
import { describe, expect, it } from "vitest";
import { connect, join, notPing, type TestSocket, uniqueRoomId } from "../support/workerSocket";

/** Frames the server sent other than heartbeat pings. */
function sentFrames(socket: TestSocket): string[] {
  return socket.frames.filter((text) => notPing(JSON.parse(text) as Record<string, unknown>));
}

/** Sends `text` (a function gets the room id) and expects close 1000 with no frame at all. */
async function expectProtocolErrorBeforeRegister(text: string | ((roomId: string) => string)) {
  const roomId = uniqueRoomId();
  const socket = await connect(roomId);
  socket.send(typeof text === "function" ? text(roomId) : text);
  expect((await socket.closed).code).toBe(1000);
  expect(sentFrames(socket)).toEqual([]);
}

describe("before register", () => {
  const notAnObjectWithType: Array<[string, string]> = [
    ["invalid JSON", '{"type":"register",'],
    ["plain text", "hello"],
    ["an empty frame", ""],
    ["a JSON array", '["register"]'],
    ["a JSON number", "42"],
    ["a JSON string", '"register"'],
    ["JSON null", "null"],
    ["JSON true", "true"],
    ["an object without type", '{"roomId":"x"}'],
    ["a numeric type", '{"type":1}'],
    ["a null type", '{"type":null}'],
    ["an object type", '{"type":{"name":"register"}}'],
    ["an unknown type", '{"type":"hello"}'],
    ["a type in the wrong case", '{"type":"Register"}'],
  ];

  it.each(notAnObjectWithType)("closes with 1000 and no reject on %s", async (_, text) => {
    await expectProtocolErrorBeforeRegister(text);
  });

  const badRegisters: Array<[string, (roomId: string) => string]> = [
    ["a missing roomId", () => '{"type":"register"}'],
    ["an empty roomId", () => '{"type":"register","roomId":""}'],
    ["a numeric roomId", () => '{"type":"register","roomId":42}'],
    ["a numeric clientId", (roomId) => JSON.stringify({ type: "register", roomId, clientId: 7 })],
    ["a string standalone", (roomId) => JSON.stringify({ type: "register", roomId, standalone: "true" })],
    ["a numeric key", (roomId) => JSON.stringify({ type: "register", roomId, key: 1234 })],
    ["an object signalingKey", (roomId) => JSON.stringify({ type: "register", roomId, signalingKey: { k: 1 } })],
    ["a boolean ayameClient", (roomId) => JSON.stringify({ type: "register", roomId, ayameClient: true })],
    ["a numeric libwebrtc", (roomId) => JSON.stringify({ type: "register", roomId, libwebrtc: 120 })],
    ["an array environment", (roomId) => JSON.stringify({ type: "register", roomId, environment: ["x"] })],
  ];

  it.each(badRegisters)("closes with 1000 and no reject on a register with %s", async (_, frame) => {
    await expectProtocolErrorBeforeRegister(frame);
  });

  it.each(["offer", "answer", "candidate", "message"])(
    "closes with 1000 and no reject on %s before register",
    async (type) => {
      await expectProtocolErrorBeforeRegister(JSON.stringify({ type, sdp: "early" }));
    },
  );

  it.each(["ping", "bye", "accept", "reject"])(
    "closes with 1000 and no reject on a client %s before register",
    async (type) => {
      await expectProtocolErrorBeforeRegister(JSON.stringify({ type }));
    },
  );

  it("closes with 1000 and no reject on connected before register", async () => {
    await expectProtocolErrorBeforeRegister('{"type":"connected"}');
  });

  it("closes with 1000 and no reject on a binary frame that is not UTF-8", async () => {
    const socket = await connect(uniqueRoomId());
    socket.ws.send(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect((await socket.closed).code).toBe(1000);
    expect(sentFrames(socket)).toEqual([]);
  });

  it("closes with 1000 and no reject on invalid JSON in a binary frame", async () => {
    const socket = await connect(uniqueRoomId());
    socket.ws.send(new TextEncoder().encode("{not json"));
    expect((await socket.closed).code).toBe(1000);
    expect(sentFrames(socket)).toEqual([]);
  });
});

describe("after accept", () => {
  const afterAccept: Array<[string, (roomId: string) => string]> = [
    ["a second register", (roomId) => JSON.stringify({ type: "register", roomId })],
    ["a client ping", () => '{"type":"ping"}'],
    ["a client bye", () => '{"type":"bye"}'],
    ["a client accept", () => '{"type":"accept"}'],
    ["a client reject", () => '{"type":"reject","reason":"full"}'],
    ["an unknown type", () => '{"type":"hello"}'],
    ["invalid JSON", () => "{"],
    ["a JSON array", () => "[]"],
    ["an object without type", () => '{"sdp":"x"}'],
  ];

  it.each(afterAccept)("closes a waiting client with 1000 and no reject on %s", async (_, frame) => {
    const roomId = uniqueRoomId();
    const { socket } = await join(roomId);
    socket.send(frame(roomId));
    expect((await socket.closed).code).toBe(1000);
    expect(sentFrames(socket).map((text) => JSON.parse(text).type)).toEqual(["accept"]);
  });

  it.each(afterAccept)("closes a paired client with 1000 and no reject on %s", async (_, frame) => {
    const roomId = uniqueRoomId();
    await join(roomId);
    const { socket } = await join(roomId);
    socket.send(frame(roomId));
    expect((await socket.closed).code).toBe(1000);
    expect(sentFrames(socket).map((text) => JSON.parse(text).type)).toEqual(["accept"]);
  });

  it("ignores connected from a client that is not standalone", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    second.socket.send('{"type":"connected"}');
    second.socket.send('{"type":"offer","sdp":"after connected"}');
    expect(await first.socket.nextText(notPing)).toBe('{"type":"offer","sdp":"after connected"}');
  });
});

describe("oversized frames (default READ_LIMIT_BYTES, 1 MiB)", () => {
  const limit = 1024 * 1024;

  it("closes with 1009 on a text frame of 1 MiB + 1 byte before register", async () => {
    const socket = await connect(uniqueRoomId());
    socket.send("x".repeat(limit + 1));
    expect((await socket.closed).code).toBe(1009);
    expect(sentFrames(socket)).toEqual([]);
  });

  it("closes a paired client with 1009 on an offer of 1 MiB + 1 byte, and forwards nothing", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    const head = '{"type":"offer","sdp":"';
    const tail = '"}';
    second.socket.send(head + "s".repeat(limit + 1 - head.length - tail.length) + tail);
    expect((await second.socket.closed).code).toBe(1009);
    expect(await first.socket.nextText(notPing)).toBe('{"type":"bye"}');
  });

  it("forwards an offer of exactly 1 MiB", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    const head = '{"type":"offer","sdp":"';
    const tail = '"}';
    const offer = head + "s".repeat(limit - head.length - tail.length) + tail;
    second.socket.send(offer);
    expect(await first.socket.nextText(notPing)).toBe(offer);
  });
});
