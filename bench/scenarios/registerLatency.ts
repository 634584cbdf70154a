// (1) register → accept: time from sending `register` to receiving `accept`, for the first and the second
// client of fresh rooms (the first one also wakes a new Durable Object).
import { BenchSocket, uniqueRoomId, watchRoom } from "../client";
import type { Target } from "./target";

export async function measureRegisterLatency(target: Target, rooms: number, deadline: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rooms && performance.now() < deadline; i++) {
    const roomId = uniqueRoomId("register");
    const unwatch = await watchRoom(target, roomId);
    const sockets: BenchSocket[] = [];
    try {
      for (let n = 0; n < 2; n++) {
        const socket = await BenchSocket.open(target.url, roomId);
        sockets.push(socket);
        const answer = await socket.register(roomId);
        if (answer.type !== "accept") throw new Error(`register answered ${answer.text}`);
        samples.push(answer.at - answer.sentAt);
      }
    } finally {
      await Promise.all(sockets.map((socket) => socket.closeAndWait()));
      await unwatch();
    }
  }
  return samples;
}
