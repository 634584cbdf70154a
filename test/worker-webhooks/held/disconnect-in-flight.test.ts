// The disconnect webhook never blocks the room: while it is still in flight, new clients join and relay.
import { expect, it } from "vitest";
import { DISCONNECT_PATH, release, requests, script } from "../../support/webhookControl";
import { uniqueRoomId } from "../../support/workerSocket";
import { expectRejected, outcomeOf, register } from "../registering";

it("a disconnect webhook still in flight leaves the room fully usable", async () => {
  const roomId = uniqueRoomId("disconnect-in-flight");
  await script({ roomId, path: DISCONNECT_PATH, answer: { status: 200, raw: "", hold: true } });
  const a = await register(roomId, { clientId: "a" });
  await outcomeOf(a);
  const b = await register(roomId, { clientId: "b" });
  await outcomeOf(b);
  a.close();
  expect(await b.next((frame) => frame.type === "bye")).toEqual({ type: "bye" });
  expect((await b.closed).code).toBe(1000);
  expect(await requests(roomId, { path: DISCONNECT_PATH, count: 2 })).toHaveLength(2);

  const c = await register(roomId, { clientId: "c" });
  expect(await outcomeOf(c)).toMatchObject({ type: "accept", isExistUser: false });
  const d = await register(roomId, { clientId: "d" });
  expect(await outcomeOf(d)).toMatchObject({ type: "accept", isExistUser: true });
  d.send('{"type":"offer","sdp":"still works"}');
  expect(await c.next((frame) => frame.type === "offer")).toEqual({ type: "offer", sdp: "still works" });
  await expectRejected(await register(roomId, { clientId: "e" }), "full");

  // Both calls for a and b were still waiting for their answer all along (plus the one for e).
  expect(await release(roomId)).toMatchObject({ delivered: 3 });
  c.close();
  d.close();
});
