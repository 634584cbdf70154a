import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import { join, uniqueRoomId } from "../support/workerSocket";

it("answers /.ok with 200", async () => {
  const res = await exports.default.fetch("http://x/.ok");
  expect(res.status).toBe(200);
});

it("relays an offer between two registered peers", async () => {
  const roomId = uniqueRoomId();
  const a = await join(roomId, { clientId: "a" });
  const b = await join(roomId, { clientId: "b" });
  expect(a.accept.isExistUser).toBe(false);
  expect(b.accept.isExistUser).toBe(true);
  b.socket.send('{"type":"offer","sdp":"x"}');
  expect(await a.socket.next()).toEqual({ type: "offer", sdp: "x" });
});
