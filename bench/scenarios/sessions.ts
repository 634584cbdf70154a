// (3) Full sessions per second: `concurrency` rooms at a time each run a whole Ayame session — two joins,
// offer, answer, two candidates each way, the first client leaves, the second gets `bye` and is closed.
import { BenchSocket, frameType, sleep, uniqueRoomId, watchRoom } from "../client";
import { ANSWER_FRAME, CANDIDATE_FRAME, OFFER_FRAME } from "./frames";
import type { Target } from "./target";

export interface SessionsRound {
  sessions: number;
  errors: number;
  seconds: number;
  /** Milliseconds of each completed session. */
  durations: number[];
  firstError: string | undefined;
}

async function expectFrame(socket: BenchSocket, type: string): Promise<void> {
  const frame = await socket.next(10_000);
  const got = frameType(frame.text);
  if (got !== type) throw new Error(`expected ${type}, got ${frame.text.slice(0, 80)}`);
}

async function oneSession(target: Target): Promise<void> {
  const roomId = uniqueRoomId("session");
  const unwatch = await watchRoom(target, roomId);
  const sockets: BenchSocket[] = [];
  try {
    const first = await BenchSocket.open(target.url, roomId);
    sockets.push(first);
    if ((await first.register(roomId)).type !== "accept") throw new Error("first join refused");
    const second = await BenchSocket.open(target.url, roomId);
    sockets.push(second);
    if ((await second.register(roomId)).type !== "accept") throw new Error("second join refused");
    second.send(OFFER_FRAME);
    await expectFrame(first, "offer");
    first.send(ANSWER_FRAME);
    await expectFrame(second, "answer");
    for (let i = 0; i < 2; i++) {
      second.send(CANDIDATE_FRAME);
      first.send(CANDIDATE_FRAME);
    }
    for (let i = 0; i < 2; i++) {
      await expectFrame(first, "candidate");
      await expectFrame(second, "candidate");
    }
    first.close();
    await expectFrame(second, "bye");
    await Promise.race([second.closed, sleep(10_000).then(() => Promise.reject(new Error("no close after bye")))]);
    await Promise.race([first.closed, sleep(10_000)]);
  } finally {
    for (const socket of sockets) if (!socket.closedWith) socket.close();
    await unwatch();
  }
}

export async function measureSessions(target: Target, concurrency: number, seconds: number): Promise<SessionsRound> {
  // New sessions start for `seconds`; the ones still running then are awaited and counted, so that a
  // session longer than the window does not make the rate zero.
  const startedAt = performance.now();
  const stopStartingAt = startedAt + seconds * 1000;
  const round: SessionsRound = { sessions: 0, errors: 0, seconds: 0, durations: [], firstError: undefined };
  const worker = async () => {
    while (performance.now() < stopStartingAt && round.errors < 100) {
      const sessionStart = performance.now();
      try {
        await oneSession(target);
        round.sessions += 1;
        round.durations.push(performance.now() - sessionStart);
      } catch (error) {
        round.errors += 1;
        round.firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  round.seconds = (performance.now() - startedAt) / 1000;
  return round;
}
