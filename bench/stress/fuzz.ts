// (a) Fuzz: hostile frames before and after `accept`, across many rooms; afterwards every fuzzed room must
// take a fresh pair (register → accept for two new clients, who relay). A room that cannot has leaked a slot.
import { BenchSocket, eachLimited, frameType, registerFrame, sleep, uniqueRoomId } from "../client";
import { hostileFrame, seededRandom } from "./hostileFrames";

export interface FuzzSettings {
  rooms: number;
  framesPerRoom: number;
  /** Frames sent on one socket without waiting (a protocol error closes it after the first bad one). */
  burst: number;
  concurrency: number;
  seed: number;
  /** How long to wait for the server to close a fuzzed socket before closing it ourselves. */
  closeWaitMs: number;
}

export interface FuzzResult {
  rooms: number;
  sockets: number;
  framesBeforeAccept: number;
  framesAfterAccept: number;
  kinds: Set<string>;
  /** How the server closed fuzzed sockets: "code" → count; "open" = still open after closeWaitMs. */
  closes: Record<string, number>;
  /** Rooms that could not take a fresh pair afterwards, with why. */
  leaks: string[];
  errors: string[];
  seconds: number;
}

async function settle(socket: BenchSocket, result: FuzzResult, waitMs: number): Promise<void> {
  await Promise.race([socket.closed, sleep(waitMs)]);
  const key = socket.closedWith ? String(socket.closedWith.code) : "open";
  result.closes[key] = (result.closes[key] ?? 0) + 1;
  if (!socket.closedWith) await socket.closeAndWait();
}

/** Two clients register in `roomId`: both must get accept (false, then true) and relay an offer. */
async function joinPair(url: string, roomId: string): Promise<{ sockets: BenchSocket[]; problem?: string }> {
  const sockets: BenchSocket[] = [];
  for (const expected of [false, true]) {
    const socket = await BenchSocket.open(url, roomId);
    sockets.push(socket);
    const answer = await socket.register(roomId).catch((error: unknown) => ({ type: undefined, text: String(error) }));
    if (answer.type !== "accept") return { sockets, problem: `register answered ${answer.text.slice(0, 80)}` };
    if ((JSON.parse(answer.text) as { isExistUser?: unknown }).isExistUser !== expected) {
      return { sockets, problem: `isExistUser was not ${expected}` };
    }
  }
  const [first, second] = sockets;
  if (!first || !second) return { sockets, problem: "the pair did not open" };
  second.send('{"type":"offer","sdp":"fresh pair"}');
  const relayed = await first.next(5000).catch(() => undefined);
  if (!relayed || frameType(relayed.text) !== "offer") return { sockets, problem: "the offer was not relayed" };
  return { sockets };
}

/** A fresh pair, retried briefly: the last fuzzed socket's close may still be on its way. */
async function freshPair(url: string, roomId: string): Promise<string | undefined> {
  let problem: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await sleep(500);
    const pair = await joinPair(url, roomId).catch((error: unknown) => ({
      sockets: [] as BenchSocket[],
      problem: String(error),
    }));
    await Promise.all(pair.sockets.map((socket) => socket.closeAndWait()));
    problem = pair.problem;
    if (problem === undefined) return undefined;
  }
  return problem;
}

async function fuzzRoom(
  url: string,
  roomId: string,
  settings: FuzzSettings,
  random: () => number,
  result: FuzzResult,
): Promise<void> {
  const half = Math.ceil(settings.framesPerRoom / 2);
  let sent = 0;
  const burst = (socket: BenchSocket, count: number) => {
    for (let i = 0; i < count; i++) {
      const { kind, frame } = hostileFrame(roomId, random);
      result.kinds.add(kind);
      socket.send(frame);
    }
    return count;
  };
  // Before accept: a new socket per burst; a third of them register first, so frames also land while the
  // registration is being decided.
  while (sent < half) {
    const socket = await BenchSocket.open(url, roomId);
    result.sockets += 1;
    if (random() < 0.33) socket.send(registerFrame(roomId));
    const count = burst(socket, Math.min(settings.burst, half - sent));
    sent += count;
    result.framesBeforeAccept += count;
    await settle(socket, result, settings.closeWaitMs);
  }
  // After accept: a pair joins, one of them sends a burst, then both go.
  while (sent < settings.framesPerRoom) {
    const pair = await joinPair(url, roomId);
    result.sockets += pair.sockets.length;
    if (pair.problem !== undefined) {
      result.errors.push(`${roomId}: a pair could not join mid-fuzz: ${pair.problem}`);
      await Promise.all(pair.sockets.map((socket) => socket.closeAndWait()));
      break;
    }
    const [first, second] = pair.sockets as [BenchSocket, BenchSocket];
    const fuzzed = random() < 0.5 ? first : second;
    const count = burst(fuzzed, Math.min(settings.burst, settings.framesPerRoom - sent));
    sent += count;
    result.framesAfterAccept += count;
    await settle(fuzzed, result, settings.closeWaitMs);
    await (fuzzed === first ? second : first).closeAndWait();
  }
  const leak = await freshPair(url, roomId);
  if (leak !== undefined) result.leaks.push(`${roomId}: ${leak}`);
}

export async function runFuzz(
  url: string,
  settings: FuzzSettings,
  progress: (message: string) => void,
): Promise<FuzzResult> {
  const started = performance.now();
  const result: FuzzResult = {
    rooms: settings.rooms,
    sockets: 0,
    framesBeforeAccept: 0,
    framesAfterAccept: 0,
    kinds: new Set(),
    closes: {},
    leaks: [],
    errors: [],
    seconds: 0,
  };
  let done = 0;
  await eachLimited(
    Array.from({ length: settings.rooms }, (_, i) => i),
    settings.concurrency,
    async (index) => {
      const roomId = uniqueRoomId(`fuzz-${index}`);
      try {
        await fuzzRoom(url, roomId, settings, seededRandom(settings.seed + index), result);
      } catch (error) {
        result.errors.push(`${roomId}: ${String(error)}`);
      }
      done += 1;
      if (done % Math.max(1, Math.floor(settings.rooms / 5)) === 0) progress(`fuzz: ${done}/${settings.rooms} rooms`);
    },
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
