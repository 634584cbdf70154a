// The disconnect webhook never blocks the room: while it is still in flight, new clients join and relay.
import { expect, it } from "vitest";
import { DISCONNECT_PATH, release, requests, script } from "../../support/webhookControl";
import { uniqueRoomId } from "../../support/workerSocket";
import { expectRoomUsableAfterLeave } from "../registering";

it("a disconnect webhook still in flight leaves the room fully usable", async () => {
  const roomId = uniqueRoomId("disconnect-in-flight");
  await script({ roomId, path: DISCONNECT_PATH, answer: { status: 200, raw: "", hold: true } });
  const { c, d } = await expectRoomUsableAfterLeave(roomId, () =>
    requests(roomId, { path: DISCONNECT_PATH, count: 2 }).then((calls) => expect(calls).toHaveLength(2)),
  );

  // Both calls for a and b were still waiting for their answer all along (plus the one for e).
  expect(await release(roomId)).toMatchObject({ delivered: 3 });
  c.close();
  d.close();
});
