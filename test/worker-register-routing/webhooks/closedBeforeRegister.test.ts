// Stock signaling URLs: a socket that closes before `register` never reached a room, so no disconnect webhook
// is called for it (README, "Stock signaling URLs"): the Worker runs its connection machine until then, and
// that machine's disconnect effect does nothing in the Worker. Project worker-webhooks-register-routing only.
import { expect, it } from "vitest";
import { DISCONNECT_PATH, requests } from "../../support/webhookControl";
import { connect, join, uniqueRoomId } from "../../support/workerSocket";

it("calls no disconnect webhook for a bare-URL socket that closes, or is closed, before register", async () => {
  const quiet = await connect("unused");
  quiet.send({ type: "pong" });
  quiet.close(1000, "never mind");
  const refused = await connect("unused");
  refused.send({ type: "offer", sdp: "too early" });
  expect((await refused.closed).code).toBe(1000);
  // A socket that did reach a room, closed after the two: its webhook arriving means theirs would have too.
  const roomId = uniqueRoomId("after-bare");
  const { socket } = await join(roomId);
  socket.close();
  await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
  // A disconnect webhook from the Worker's own machine would name the room it never had: "".
  expect(await requests("", { path: DISCONNECT_PATH })).toEqual([]);
});
