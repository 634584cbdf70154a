// After accept: offer/answer/candidate reach the peer byte for byte; nothing reaches a peer that is not there.
import { describe, expect, it } from "vitest";
import { connect, join, notPing, uniqueRoomId } from "../support/workerSocket";

async function pair() {
  const roomId = uniqueRoomId();
  const first = await join(roomId, { clientId: "first" });
  const second = await join(roomId, { clientId: "second" });
  return { roomId, first: first.socket, second: second.socket };
}

describe("relay between paired peers", () => {
  // Odd spacing, key order, escapes and non-ASCII text must survive untouched: the server forwards the
  // frame it received, it does not re-serialize a parsed object.
  const frames: Array<[string, string]> = [
    ["offer", '{ "sdp" : "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n",\n\t"type":"offer" }'],
    [
      "answer",
      '{"type":"answer","sdp":"v=0\\r\\ns=\u3042\u3044\u3046 \ud83d\ude00\\u00e9","extra":[1,2.50,{"z":0,"a":null}]}',
    ],
    [
      "candidate",
      '{"ice":{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"},"type":"candidate"}   ',
    ],
  ];

  it.each(frames)("forwards %s from the second to the first byte for byte", async (_, text) => {
    const { first, second } = await pair();
    second.send(text);
    expect(await first.nextText(notPing)).toBe(text);
  });

  it.each(frames)("forwards %s from the first to the second byte for byte", async (_, text) => {
    const { first, second } = await pair();
    first.send(text);
    expect(await second.nextText(notPing)).toBe(text);
  });

  it("forwards a whole exchange in order and never echoes to the sender", async () => {
    const { first, second } = await pair();
    const offer = '{"type":"offer","sdp":"o"}';
    const answer = '{"type":"answer","sdp":"a"}';
    const candidates = [0, 1, 2].map((i) => `{"type":"candidate","ice":{"candidate":"c${i}"}}`);
    second.send(offer);
    expect(await first.nextText(notPing)).toBe(offer);
    first.send(answer);
    for (const candidate of candidates) first.send(candidate);
    expect(await second.nextText(notPing)).toBe(answer);
    for (const candidate of candidates) expect(await second.nextText(notPing)).toBe(candidate);
    second.send('{"type":"candidate","ice":{"candidate":"last"}}');
    // The first frame the first peer sees after the offer is the second's candidate: nothing of its own came back.
    expect(await first.nextText(notPing)).toBe('{"type":"candidate","ice":{"candidate":"last"}}');
  });

  it("handles a binary frame like text: decoded as UTF-8 and forwarded as the same text", async () => {
    const { first, second } = await pair();
    const text = '{"type":"offer","sdp":"bin\u00e4r \u6f22\u5b57"}';
    second.ws.send(new TextEncoder().encode(text));
    expect(await first.nextText(notPing)).toBe(text);
  });

  it("accepts a register sent as a binary frame", async () => {
    const roomId = uniqueRoomId();
    const { socket } = await join(roomId);
    const binary = await connect(roomId);
    binary.ws.send(new TextEncoder().encode(JSON.stringify({ type: "register", roomId })));
    expect(await binary.next(notPing)).toMatchObject({ type: "accept", isExistUser: true });
    binary.send('{"type":"offer","sdp":"after binary register"}');
    expect(await socket.nextText(notPing)).toBe('{"type":"offer","sdp":"after binary register"}');
  });
});

describe("a relay frame with no peer", () => {
  it("is dropped: the peer who joins later gets only frames sent after it joined", async () => {
    const roomId = uniqueRoomId();
    const alone = await join(roomId, { clientId: "alone" });
    alone.socket.send('{"type":"offer","sdp":"nobody hears this"}');
    alone.socket.send('{"type":"candidate","ice":{"candidate":"nor this"}}');
    const late = await join(roomId, { clientId: "late" });
    expect(late.accept.isExistUser).toBe(true);

    alone.socket.send('{"type":"offer","sdp":"heard"}');
    expect(await late.socket.nextText(notPing)).toBe('{"type":"offer","sdp":"heard"}');
    // The sender was not punished for it either: it still gets what its peer sends.
    late.socket.send('{"type":"answer","sdp":"reply"}');
    expect(await alone.socket.nextText(notPing)).toBe('{"type":"answer","sdp":"reply"}');
  });
});

describe("message with TYPE_MESSAGE off (the default)", () => {
  it("is a protocol error: the sender is closed with 1000 and the peer never sees the message", async () => {
    const { first, second } = await pair();
    second.send('{"type":"message","data":"secret"}');
    expect((await second.closed).code).toBe(1000);
    expect(second.frames.some((text) => text.includes('"reject"'))).toBe(false);
    expect(await first.nextText(notPing)).toBe('{"type":"bye"}');
    expect(first.frames.some((text) => text.includes("secret"))).toBe(false);
  });
});
