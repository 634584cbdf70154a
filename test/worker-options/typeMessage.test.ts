// TYPE_MESSAGE=true (project worker-options): `message` frames are relayed like offer/answer/candidate.
import { expect, it } from "vitest";
import { connect, join, notPing, uniqueRoomId } from "../support/workerSocket";

it("relays message byte for byte in both directions", async () => {
  const roomId = uniqueRoomId();
  const first = await join(roomId);
  const second = await join(roomId);
  const fromSecond = '{ "data" : "caf\u00e9 \u2615", "type":"message" }';
  const fromFirst = '{"type":"message","data":{"n":1.0,"list":[ ]}}';
  second.socket.send(fromSecond);
  expect(await first.socket.nextText(notPing)).toBe(fromSecond);
  first.socket.send(fromFirst);
  expect(await second.socket.nextText(notPing)).toBe(fromFirst);
});

it("drops message while the sender is alone, without closing it", async () => {
  const roomId = uniqueRoomId();
  const alone = await join(roomId);
  alone.socket.send('{"type":"message","data":"nobody"}');
  const late = await join(roomId);
  alone.socket.send('{"type":"message","data":"heard"}');
  expect(await late.socket.nextText(notPing)).toBe('{"type":"message","data":"heard"}');
});

it("still treats message before register as a protocol error", async () => {
  const socket = await connect(uniqueRoomId());
  socket.send('{"type":"message","data":"early"}');
  expect((await socket.closed).code).toBe(1000);
  expect(socket.frames).toEqual([]);
});
