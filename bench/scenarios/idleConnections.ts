// (4) Idle registered connections, held while the clients answer the server's pings: how many survive,
// and how much workerd memory (and CPU while idle) each costs. The hold's CPU per ping answered during it is
// what one ping round costs per connection (the alarm, the ping, the pong and what they persist). Every
// target holds its connections at once: nothing here is a timing, so the targets need not take turns.
import { type BenchSocket, eachLimited, openPair, sleep } from "../client";
import { type WorkerdUsage, workerdUsage } from "../devProcesses";
import type { Target } from "./target";

export interface IdleResult {
  wanted: number;
  registered: number;
  survived: number;
  pingsAnswered: number;
  /** Pings answered during the hold alone (not while the connections were being opened). */
  pingsDuringHold: number;
  holdSeconds: number;
  before: WorkerdUsage | undefined;
  held: WorkerdUsage | undefined;
  /** CPU seconds workerd spent during the hold. */
  holdCpuSeconds: number | undefined;
  bytesPerConnection: number | undefined;
  /** How the connections that did not survive were closed: "code reason" → count. */
  closes: Record<string, number>;
  firstError: string | undefined;
}

function pingsOf(sockets: readonly BenchSocket[]): number {
  return sockets.reduce((sum, socket) => sum + socket.pings, 0);
}

function usageOf(target: Target): WorkerdUsage | undefined {
  return target.processGroup === undefined ? undefined : workerdUsage(target.processGroup);
}

export async function measureIdleConnections(
  targets: readonly Target[],
  connections: number,
  holdSeconds: number,
  openSecondsLimit: number,
): Promise<IdleResult[]> {
  const held = targets.map(() => [] as BenchSocket[]);
  const results: IdleResult[] = targets.map((target) => ({
    wanted: connections,
    registered: 0,
    survived: 0,
    pingsAnswered: 0,
    pingsDuringHold: 0,
    holdSeconds,
    before: usageOf(target),
    held: undefined,
    holdCpuSeconds: undefined,
    bytesPerConnection: undefined,
    closes: {},
    firstError: undefined,
  }));
  try {
    for (const [index, target] of targets.entries()) {
      const result = results[index]!;
      const openUntil = performance.now() + openSecondsLimit * 1000;
      await eachLimited(Array.from({ length: Math.ceil(connections / 2) }), 16, async () => {
        if (performance.now() > openUntil) return;
        try {
          const { first, second } = await openPair(target.url, "idle");
          held[index]!.push(first, second);
          result.registered += 2;
        } catch (error) {
          result.firstError ??= String(error);
        }
      });
    }
    const cpuAtStart = targets.map((target) => usageOf(target)?.cpuSeconds);
    const pingsAtStart = held.map(pingsOf);
    // Resident memory rises with garbage between collections: the least seen during the hold (sampled each
    // second) is the closest to what the connections themselves hold, on both sides alike.
    const leastResident = targets.map(() => Infinity);
    for (let second = 0; second < holdSeconds; second++) {
      await sleep(1000);
      targets.forEach((target, index) => {
        const resident = usageOf(target)?.residentBytes;
        if (resident !== undefined) leastResident[index] = Math.min(leastResident[index]!, resident);
      });
    }
    for (const [index, target] of targets.entries()) {
      const result = results[index]!;
      const sockets = held[index]!;
      result.survived = sockets.filter((socket) => socket.isOpen).length;
      for (const socket of sockets) {
        if (!socket.closedWith) continue;
        const key = `${socket.closedWith.code} ${socket.closedWith.reason}`.trim();
        result.closes[key] = (result.closes[key] ?? 0) + 1;
      }
      result.pingsAnswered = pingsOf(sockets);
      result.pingsDuringHold = result.pingsAnswered - pingsAtStart[index]!;
      result.held = usageOf(target);
      const cpuBefore = cpuAtStart[index];
      if (result.held && cpuBefore !== undefined) result.holdCpuSeconds = result.held.cpuSeconds - cpuBefore;
      const resident = Math.min(leastResident[index]!, result.held?.residentBytes ?? Infinity);
      if (Number.isFinite(resident) && result.before && result.registered > 0) {
        result.bytesPerConnection = (resident - result.before.residentBytes) / result.registered;
      }
    }
  } finally {
    for (const sockets of held) {
      await eachLimited(sockets, 64, (socket) => socket.closeAndWait());
    }
  }
  return results;
}
