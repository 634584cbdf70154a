// Helpers shared by the leaving suites: whether a room belongs to a new pair, and whether a pair still holds it.
import { expect } from "vitest";
import { connect, join, notPing, type TestSocket } from "../support/workerSocket";

/** Two new clients fill the room and relay both ways: the room is theirs. */
export async function expectNewPairWorks(roomId: string, clientIds: [string, string] = ["new-1", "new-2"]) {
  const first = await join(roomId, { clientId: clientIds[0] });
  const second = await join(roomId, { clientId: clientIds[1] });
  expect(first.accept.isExistUser).toBe(false);
  expect(second.accept.isExistUser).toBe(true);
  return { first: first.socket, second: second.socket };
}

/** The pair still relays both ways and a further client is refused: nobody evicted them. */
export async function expectStillPaired(first: TestSocket, second: TestSocket, roomId: string) {
  const extra = await connect(roomId);
  extra.send({ type: "register", roomId });
  expect(await extra.nextText(notPing)).toBe('{"type":"reject","reason":"full"}');
  second.send('{"type":"offer","sdp":"still here"}');
  expect(await first.nextText(notPing)).toBe('{"type":"offer","sdp":"still here"}');
  first.send('{"type":"answer","sdp":"still here"}');
  expect(await second.nextText(notPing)).toBe('{"type":"answer","sdp":"still here"}');
}
