// READ_LIMIT_BYTES=256 (project worker-options): the limit counts UTF-8 bytes of text and binary frames.
import { expect, it } from "vitest";
import { connect, join, notPing, uniqueRoomId } from "../support/workerSocket";

const LIMIT = 256;
const encoder = new TextEncoder();

/** An offer whose sdp is `unit` repeated `count` times. */
function offer(unit: string, count: number): string {
  return `{"type":"offer","sdp":"${unit.repeat(count)}"}`;
}

const bytes = (text: string) => encoder.encode(text).byteLength;

async function pair() {
  const roomId = uniqueRoomId();
  const first = await join(roomId);
  const second = await join(roomId);
  return { first: first.socket, second: second.socket };
}

it("forwards a frame of exactly the limit in UTF-8 bytes", async () => {
  const text = offer("\u3042", 77);
  expect(bytes(text)).toBe(LIMIT);
  const { first, second } = await pair();
  second.send(text);
  expect(await first.nextText(notPing)).toBe(text);
});

it("closes with 1009 on a frame one byte over the limit", async () => {
  const text = offer("s", LIMIT + 1 - offer("", 0).length);
  expect(bytes(text)).toBe(LIMIT + 1);
  const { first, second } = await pair();
  second.send(text);
  expect((await second.closed).code).toBe(1009);
  expect(await first.nextText(notPing)).toBe('{"type":"bye"}');
});

it.each([
  ["three-byte characters", "\u3042", 80],
  ["four-byte characters (surrogate pairs)", "\ud83d\ude00", 58],
])(
  "closes with 1009 on a frame of %s whose string length is under the limit but its bytes over",
  async (_, unit, count) => {
    const text = offer(unit, count);
    expect(text.length).toBeLessThan(LIMIT);
    expect(bytes(text)).toBeGreaterThan(LIMIT);
    const { first, second } = await pair();
    second.send(text);
    expect((await second.closed).code).toBe(1009);
    expect(first.frames.some((frame) => frame.includes(unit))).toBe(false);
  },
);

it("closes with 1009 on an oversized register before any accept", async () => {
  const roomId = uniqueRoomId();
  const socket = await connect(roomId);
  socket.send({ type: "register", roomId, authnMetadata: "m".repeat(LIMIT) });
  expect((await socket.closed).code).toBe(1009);
  expect(socket.frames).toEqual([]);
});

it("closes with 1009 on a binary frame over the limit", async () => {
  const text = offer("b", LIMIT + 1 - offer("", 0).length);
  const { first, second } = await pair();
  second.ws.send(encoder.encode(text));
  expect((await second.closed).code).toBe(1009);
  expect(await first.nextText(notPing)).toBe('{"type":"bye"}');
});

it("forwards a binary frame of exactly the limit", async () => {
  // 25 bytes of JSON around 115 two-byte characters and one ASCII letter.
  const text = offer("\u00e9", 115).replace('"sdp":"', '"sdp":"x');
  expect(bytes(text)).toBe(LIMIT);
  const { first, second } = await pair();
  second.ws.send(encoder.encode(text));
  expect(await first.nextText(notPing)).toBe(text);
});
