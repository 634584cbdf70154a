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

/** One target's connections and what was seen of them. */
interface Hold {
  target: Target;
  sockets: BenchSocket[];
  result: IdleResult;
  cpuAtStart: number | undefined;
  pingsAtStart: number;
  leastResident: number;
}

export async function measureIdleConnections(
  targets: readonly Target[],
  connections: number,
  holdSeconds: number,
  openSecondsLimit: number,
): Promise<IdleResult[]> {
  const holds = targets.map(
    (target): Hold => ({
      target,
      sockets: [],
      result: {
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
      },
      cpuAtStart: undefined,
      pingsAtStart: 0,
      leastResident: Infinity,
    }),
  );
  try {
    for (const { target, sockets, result } of holds) {
      const openUntil = performance.now() + openSecondsLimit * 1000;
      await eachLimited(Array.from({ length: Math.ceil(connections / 2) }), 16, async () => {
        if (performance.now() > openUntil) return;
        try {
          const { first, second } = await openPair(target.url, "idle");
          sockets.push(first, second);
          result.registered += 2;
        } catch (error) {
          result.firstError ??= String(error);
        }
      });
    }
    for (const hold of holds) hold.cpuAtStart = usageOf(hold.target)?.cpuSeconds;
    for (const hold of holds) hold.pingsAtStart = pingsOf(hold.sockets);
    // Resident memory rises with garbage between collections: the least seen during the hold (sampled each
    // second) is the closest to what the connections themselves hold, on both sides alike.
    for (let second = 0; second < holdSeconds; second++) {
      await sleep(1000);
      for (const hold of holds) {
        const resident = usageOf(hold.target)?.residentBytes;
        if (resident !== undefined) hold.leastResident = Math.min(hold.leastResident, resident);
      }
    }
    for (const { target, sockets, result, cpuAtStart, pingsAtStart, leastResident } of holds) {
      result.survived = sockets.filter((socket) => socket.isOpen).length;
      for (const socket of sockets) {
        if (!socket.closedWith) continue;
        const key = `${socket.closedWith.code} ${socket.closedWith.reason}`.trim();
        result.closes[key] = (result.closes[key] ?? 0) + 1;
      }
      result.pingsAnswered = pingsOf(sockets);
      result.pingsDuringHold = result.pingsAnswered - pingsAtStart;
      result.held = usageOf(target);
      if (result.held && cpuAtStart !== undefined) result.holdCpuSeconds = result.held.cpuSeconds - cpuAtStart;
      const resident = Math.min(leastResident, result.held?.residentBytes ?? Infinity);
      if (Number.isFinite(resident) && result.before && result.registered > 0) {
        result.bytesPerConnection = (resident - result.before.residentBytes) / result.registered;
      }
    }
  } finally {
    for (const { sockets } of holds) {
      await eachLimited(sockets, 64, (socket) => socket.closeAndWait());
    }
  }
  return holds.map(({ result }) => result);
}
