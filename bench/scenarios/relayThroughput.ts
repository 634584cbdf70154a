// (2b) Relayed frames per second with many rooms at once: in every room both clients keep `window`
// candidate frames in flight towards each other (closed loop: each delivery lets its sender send one more).
import { type BenchSocket, eachLimited, openPair, sleep } from "../client";
import { cpuSecondsOf } from "../devProcesses";
import { CANDIDATE_FRAME } from "./frames";
import type { Target } from "./target";

export interface ThroughputRound {
  frames: number;
  seconds: number;
  rooms: number;
  /** CPU seconds of the target's workerd and of its other processes during the window (not the set-up). */
  cpu: { workerd: number; others: number } | undefined;
}

export async function measureRelayThroughput(
  target: Target,
  rooms: number,
  window: number,
  seconds: number,
): Promise<ThroughputRound> {
  const pairs: Array<{ first: BenchSocket; second: BenchSocket }> = [];
  try {
    await eachLimited(Array.from({ length: rooms }), 16, async () => {
      pairs.push(await openPair(target.url, "throughput"));
    });
    let running = true;
    let frames = 0;
    let inFlight = 0;
    const flow = (from: BenchSocket, to: BenchSocket) => {
      to.onFrame = () => {
        inFlight -= 1;
        if (!running) return;
        frames += 1;
        inFlight += 1;
        from.send(CANDIDATE_FRAME);
      };
    };
    for (const { first, second } of pairs) {
      flow(first, second);
      flow(second, first);
    }
    const cpuBefore = cpuSecondsOf(target.processGroup);
    const startedAt = performance.now();
    for (const { first, second } of pairs) {
      for (let i = 0; i < window; i++) {
        first.send(CANDIDATE_FRAME);
        second.send(CANDIDATE_FRAME);
        inFlight += 2;
      }
    }
    await sleep(seconds * 1000);
    running = false;
    const elapsed = (performance.now() - startedAt) / 1000;
    const cpuAfter = cpuSecondsOf(target.processGroup);
    const cpu =
      cpuBefore && cpuAfter
        ? { workerd: cpuAfter.workerd - cpuBefore.workerd, others: cpuAfter.others - cpuBefore.others }
        : undefined;
    // Let what is in flight arrive before closing, so the next round starts from quiet servers.
    for (let waited = 0; inFlight > 0 && waited < 3000; waited += 50) await sleep(50);
    return { frames, seconds: elapsed, rooms: pairs.length, cpu };
  } finally {
    await eachLimited(pairs, 32, async ({ first, second }) => {
      await Promise.all([first.closeAndWait(), second.closeAndWait()]);
    });
  }
}
