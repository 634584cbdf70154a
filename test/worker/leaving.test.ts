// Leaving: the survivor gets bye and is closed with 1000, the room is empty at once, and a close that
// arrives late from an old socket never evicts the room's new occupants.
import { describe, expect, it } from "vitest";
import { connect, join, notPing, uniqueRoomId } from "../support/workerSocket";
import { expectNewPairWorks, expectStillPaired } from "./roomPair";

const BYE = '{"type":"bye"}';

describe("when a peer closes its socket", () => {
  it.each([1000, 1001, 4000])(
    "sends bye to the survivor and closes it with 1000 (client close code %i)",
    async (code) => {
      const roomId = uniqueRoomId();
      const first = await join(roomId);
      const second = await join(roomId);
      first.socket.close(code, "going");
      expect(await second.socket.nextText(notPing)).toBe(BYE);
      expect((await second.socket.closed).code).toBe(1000);
    },
  );

  it("sends nothing and closes nothing when the leaver was alone", async () => {
    const roomId = uniqueRoomId();
    const alone = await join(roomId);
    alone.socket.close();
    // The room is empty afterwards: the next two clients are first and second.
    await expectNewPairWorks(roomId);
  });

  it("leaves the room empty at once: two new clients register before the survivor has even closed", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId, {}, { halfOpen: true });
    first.socket.close();
    expect(await second.socket.nextText(notPing)).toBe(BYE);
    const fresh = await expectNewPairWorks(roomId);
    second.socket.close();
    await expectStillPaired(fresh.first, fresh.second, roomId);
  });
});

describe("when a peer breaks the protocol", () => {
  it("sends bye to the survivor and closes both with 1000", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    second.socket.send("not json");
    expect((await second.socket.closed).code).toBe(1000);
    expect(await first.socket.nextText(notPing)).toBe(BYE);
    expect((await first.socket.closed).code).toBe(1000);
    await expectNewPairWorks(roomId);
  });

  it("sends bye to the survivor when the leaver's frame was oversized", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    second.socket.send("x".repeat(1024 * 1024 + 1));
    expect((await second.socket.closed).code).toBe(1009);
    expect(await first.socket.nextText(notPing)).toBe(BYE);
    expect((await first.socket.closed).code).toBe(1000);
  });
});

describe("a late close of an old socket", () => {
  it("from the survivor never evicts new occupants, even one with the survivor's clientId", async () => {
    const roomId = uniqueRoomId();
    const leaver = await join(roomId, { clientId: "leaver" });
    const survivor = await join(roomId, { clientId: "same" }, { halfOpen: true });
    leaver.socket.close();
    expect(await survivor.socket.nextText(notPing)).toBe(BYE);
    const fresh = await expectNewPairWorks(roomId, ["same", "leaver"]);
    survivor.socket.close();
    await expectStillPaired(fresh.first, fresh.second, roomId);
  });

  it("from a rejected third client never evicts the occupants who came after", async () => {
    const roomId = uniqueRoomId();
    const first = await join(roomId, { clientId: "a" });
    await join(roomId, { clientId: "b" });
    const rejected = await connect(roomId, { halfOpen: true });
    rejected.send({ type: "register", roomId, clientId: "a" });
    expect(await rejected.nextText(notPing)).toBe('{"type":"reject","reason":"full"}');
    await rejected.closed;
    first.socket.close();
    // Once the old pair is gone, a new pair moves in; only then does the rejected socket's close arrive.
    const fresh = await expectNewPairWorks(roomId, ["a", "b"]);
    rejected.close();
    await expectStillPaired(fresh.first, fresh.second, roomId);
  });

  it("from an old waiting client closed for a protocol error never evicts new occupants", async () => {
    const roomId = uniqueRoomId();
    const old = await join(roomId, { clientId: "same" }, { halfOpen: true });
    old.socket.send('{"type":"bye"}');
    expect((await old.socket.closed).code).toBe(1000);
    const fresh = await expectNewPairWorks(roomId, ["same", "other"]);
    old.socket.close();
    await expectStillPaired(fresh.first, fresh.second, roomId);
  });
});
