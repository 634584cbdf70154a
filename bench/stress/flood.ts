// (b) Flood: thousands of sockets that never register, all into one room and each from its own address,
// while a real pair joins that room (and an idle one) at every checkpoint. The pair must always get in;
// workerd's memory at each checkpoint shows what the flood costs (and, once sockets are capped, that it stops).
import { BenchSocket, eachLimited, frameType, sleep, uniqueRoomId } from "../client";
import { workerdUsage } from "../devProcesses";

export interface FloodSettings {
  sockets: number;
  checkpointEvery: number;
  concurrency: number;
}

export interface PairJoin {
  /** register → accept of the first and of the second client (ms). */
  firstMs: number | undefined;
  secondMs: number | undefined;
  problem: string | undefined;
}

interface FloodCheckpoint {
  /** Flood sockets attempted so far. */
  attempted: number;
  /** Flood sockets open now. */
  open: number;
  /** Upgrades the server refused (e.g. 429), and flood sockets it has closed since. */
  refused: number;
  closedByServer: number;
  residentBytes: number | undefined;
  floodRoom: PairJoin;
  idleRoom: PairJoin;
}

export interface FloodResult {
  checkpoints: FloodCheckpoint[];
  firstRefusal: string | undefined;
  residentAfterCloseBytes: number | undefined;
  seconds: number;
}

/** A pair registers in `roomId`, both are timed, the second's offer must reach the first; then both leave. */
async function timedPair(url: string, roomId: string): Promise<PairJoin> {
  const sockets: BenchSocket[] = [];
  const join: PairJoin = { firstMs: undefined, secondMs: undefined, problem: undefined };
  try {
    for (const slot of ["firstMs", "secondMs"] as const) {
      const socket = await BenchSocket.open(url, roomId);
      sockets.push(socket);
      const answer = await socket.register(roomId);
      if (answer.type !== "accept") throw new Error(`register answered ${answer.text.slice(0, 80)}`);
      join[slot] = answer.at - answer.sentAt;
    }
    const [first, second] = sockets;
    if (!first || !second) throw new Error("the pair did not open");
    second.send('{"type":"offer","sdp":"flood"}');
    if (frameType((await first.next()).text) !== "offer") throw new Error("the offer was not relayed");
  } catch (error) {
    join.problem = String(error);
  } finally {
    await Promise.all(sockets.map((socket) => socket.closeAndWait()));
  }
  return join;
}

export async function runFlood(
  url: string,
  processGroup: number,
  settings: FloodSettings,
  progress: (message: string) => void,
): Promise<FloodResult> {
  const started = performance.now();
  const floodRoomId = uniqueRoomId("flood");
  const flood: BenchSocket[] = [];
  const result: FloodResult = {
    checkpoints: [],
    firstRefusal: undefined,
    residentAfterCloseBytes: undefined,
    seconds: 0,
  };
  let refused = 0;
  const checkpoint = async (attempted: number) => {
    const row: FloodCheckpoint = {
      attempted,
      open: flood.filter((socket) => socket.isOpen).length,
      refused,
      closedByServer: flood.filter((socket) => socket.closedWith).length,
      residentBytes: workerdUsage(processGroup)?.residentBytes,
      floodRoom: await timedPair(url, floodRoomId),
      idleRoom: await timedPair(url, uniqueRoomId("flood-idle")),
    };
    result.checkpoints.push(row);
    progress(
      `flood: ${attempted}/${settings.sockets} sockets, ${row.open} open, pair ${row.floodRoom.problem ?? "joined"}`,
    );
  };
  try {
    await checkpoint(0);
    for (let attempted = 0; attempted < settings.sockets; ) {
      const batch = Math.min(settings.checkpointEvery, settings.sockets - attempted);
      await eachLimited(Array.from({ length: batch }), settings.concurrency, async () => {
        try {
          flood.push(await BenchSocket.open(url, floodRoomId));
        } catch (error) {
          refused += 1;
          result.firstRefusal ??= String(error);
        }
      });
      attempted += batch;
      await checkpoint(attempted);
    }
  } finally {
    await eachLimited(flood, 64, (socket) => socket.closeAndWait());
  }
  // Give the object a moment to drop the closed sockets before reading memory again.
  await sleep(2000);
  result.residentAfterCloseBytes = workerdUsage(processGroup)?.residentBytes;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
