// Momo's dialect, whole sessions: two Momo peers, and Momo with a web-SDK-shaped peer. Runs in `worker`
// (room id in the URL) and `worker-register-routing` (the bare URL Momo really uses).
import { describe, expect, it } from "vitest";
import { MomoClient } from "../support/momoClient";
import { join, notPing, type TestSocket, uniqueRoomId } from "../support/workerSocket";

const SDP_OFFER = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n";
const SDP_ANSWER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
const HOST_CANDIDATE = "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0";

/** What the web SDK sends for a candidate: `ice` is RTCIceCandidate#toJSON(). */
function sdkCandidate(socket: TestSocket, candidate: string): string {
  const text = JSON.stringify({
    type: "candidate",
    ice: { candidate, sdpMid: "0", sdpMLineIndex: 0, usernameFragment: "abcd" },
  });
  socket.send(text);
  return text;
}

describe("Momo", () => {
  it("two Momo peers: accept, the second offers, answer and candidates relayed byte for byte, bye on leave", async () => {
    const roomId = uniqueRoomId("momo-pair");
    const first = await MomoClient.join(roomId);
    expect(await first.outcome()).toMatchObject({ type: "accept", isExistUser: false });
    const second = await MomoClient.join(roomId, { signalingKey: "momo-key" });
    expect(await second.outcome()).toMatchObject({ type: "accept", isExistUser: true });

    const offer = second.offer(SDP_OFFER);
    expect(await first.socket.nextText(notPing)).toBe(offer);
    const answer = first.answer(SDP_ANSWER);
    expect(await second.socket.nextText(notPing)).toBe(answer);
    const firstCandidate = first.candidate(HOST_CANDIDATE, 0, "0");
    expect(await second.socket.nextText(notPing)).toBe(firstCandidate);
    const secondCandidate = second.candidate(HOST_CANDIDATE.replace("54321", "54322"), 0, "0");
    expect(await first.socket.nextText(notPing)).toBe(secondCandidate);

    first.leave();
    expect(await second.socket.nextText(notPing)).toBe('{"type":"bye"}');
    expect((await second.socket.closed).code).toBe(1000);
    expect([first.gaveUpAt, second.gaveUpAt]).toEqual([undefined, undefined]);
  });

  it("Momo with a web-SDK-shaped peer, each dialect relayed untouched to the other", async () => {
    const roomId = uniqueRoomId("momo-sdk");
    const sdk = await join(roomId, { clientId: crypto.randomUUID() });
    expect(sdk.accept.isExistUser).toBe(false);
    const momo = await MomoClient.join(roomId);
    expect(await momo.outcome()).toMatchObject({ type: "accept", isExistUser: true });

    const momoOffer = momo.offer(SDP_OFFER);
    expect(await sdk.socket.nextText(notPing)).toBe(momoOffer);
    const answer = JSON.stringify({ type: "answer", sdp: SDP_ANSWER });
    sdk.socket.send(answer);
    expect(await momo.socket.nextText(notPing)).toBe(answer);
    const sdkIce = sdkCandidate(sdk.socket, HOST_CANDIDATE);
    expect(await momo.socket.nextText(notPing)).toBe(sdkIce);
    const momoIce = momo.candidate(HOST_CANDIDATE, 0, "0");
    expect(await sdk.socket.nextText(notPing)).toBe(momoIce);

    sdk.socket.close();
    expect(await momo.socket.nextText(notPing)).toBe('{"type":"bye"}');
    expect((await momo.socket.closed).code).toBe(1000);
  });

  it("gets a server ping (default WS_PING_INTERVAL_SEC 5) well within its 30 s watchdog, and answers it", {
    timeout: 20_000,
  }, async () => {
    const roomId = uniqueRoomId("momo-ping");
    const momo = await MomoClient.join(roomId);
    await momo.outcome();
    await momo.socket.next((frame) => frame.type === "ping", 15_000);
    expect(momo.pongs).toBe(1);
    expect(momo.gaveUpAt).toBeUndefined();
    momo.leave();
  });

  it("gives up when no ping comes within its watchdog (here 1 s against 5 s pings): the check has teeth", {
    timeout: 10_000,
  }, async () => {
    const roomId = uniqueRoomId("momo-watchdog");
    const momo = await MomoClient.join(roomId, { watchdogMs: 1000 });
    await momo.outcome();
    await momo.socket.closed;
    expect(momo.gaveUpAt).toBeDefined();
    expect(momo.pongs).toBe(0);
  });
});
