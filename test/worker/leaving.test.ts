// Leaving: the survivor gets bye and is closed with 1000, the room is empty at once, and a close that
// arrives late from an old socket never evicts the room's new occupants.
import { describe, expect, it } from "vitest";
import { connect, join, notPing, routedByRegister, uniqueRoomId, type TestSocket } from "../support/workerSocket";

const BYE = '{"type":"bye"}';

/** Two new clients fill the room and relay both ways: the room is theirs. */
async function expectNewPairWorks(roomId: string, clientIds: [string, string] = ["new-1", "new-2"]) {
  const first = await join(roomId, { clientId: clientIds[0] });
  const second = await join(roomId, { clientId: clientIds[1] });
  expect(first.accept.isExistUser).toBe(false);
  expect(second.accept.isExistUser).toBe(true);
  return { first: first.socket, second: second.socket };
}

/** The pair still relays both ways and a further client is refused: nobody evicted them. */
async function expectStillPaired(first: TestSocket, second: TestSocket, roomId: string) {
  const extra = await connect(roomId);
  extra.send({ type: "register", roomId });
  expect(await extra.nextText(notPing)).toBe('{"type":"reject","reason":"full"}');
  second.send('{"type":"offer","sdp":"still here"}');
  expect(await first.nextText(notPing)).toBe('{"type":"offer","sdp":"still here"}');
  first.send('{"type":"answer","sdp":"still here"}');
  expect(await second.nextText(notPing)).toBe('{"type":"answer","sdp":"still here"}');
}

describe("when a peer closes its socket", () => {
  it.each([1000, 1001, 4000])("sends bye to the survivor and closes it with 1000 (client close code %i)", async (code) => {
    const roomId = uniqueRoomId();
    const first = await join(roomId);
    const second = await join(roomId);
    first.socket.close(code, "going");
    expect(await second.socket.nextText(notPing)).toBe(BYE);
    expect((await second.socket.closed).code).toBe(1000);
  });

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

  // With a bare URL there is no routed room id to fail (worker-register-routing).
  it.skipIf(routedByRegister)("from a client that failed room id validation never evicts occupants", async () => {
    const roomId = uniqueRoomId();
    const stray = await connect(roomId, { halfOpen: true });
    stray.send({ type: "register", roomId: "elsewhere", clientId: "same" });
    expect((await stray.closed).code).toBe(1008);
    const fresh = await expectNewPairWorks(roomId, ["same", "other"]);
    stray.close();
    await expectStillPaired(fresh.first, fresh.second, roomId);
  });
});
