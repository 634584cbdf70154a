// Runs every scenario against the server and the baseline in alternating rounds (A B A B …), so that a
// machine that gets slower or faster during the run shifts both sides alike, and collects the raw results.
import { openPair, sleep } from "./client";
import { cpuSecondsOf } from "./devProcesses";
import { type IdleResult, measureIdleConnections } from "./scenarios/idleConnections";
import { measureRegisterLatency } from "./scenarios/registerLatency";
import { measureRelayLatency } from "./scenarios/relayLatency";
import { measureRelayThroughput, type ThroughputRound } from "./scenarios/relayThroughput";
import { measureSessions, type SessionsRound } from "./scenarios/sessions";
import type { Target } from "./scenarios/target";

export interface BenchSettings {
  rounds: number;
  /** Cap on one round of a count-based scenario (register, relay latency) and on opening idle connections. */
  roundSecondsLimit: number;
  registerRoomsPerRound: number;
  relaySamplesPerRound: number;
  throughputRooms: number;
  throughputWindow: number;
  throughputSeconds: number;
  sessionConcurrency: number;
  sessionSeconds: number;
  idleConnections: number;
  idleHoldSeconds: number;
}

export const QUICK: BenchSettings = {
  rounds: 2,
  roundSecondsLimit: 4,
  registerRoomsPerRound: 10,
  relaySamplesPerRound: 50,
  throughputRooms: 8,
  throughputWindow: 4,
  throughputSeconds: 1,
  sessionConcurrency: 8,
  sessionSeconds: 1,
  idleConnections: 100,
  // Longer than the server's default 5 s ping interval, so every connection answers at least one ping.
  idleHoldSeconds: 6,
};

export const FULL: BenchSettings = {
  rounds: 4,
  roundSecondsLimit: 60,
  registerRoomsPerRound: 100,
  relaySamplesPerRound: 500,
  throughputRooms: 50,
  throughputWindow: 8,
  throughputSeconds: 5,
  sessionConcurrency: 32,
  sessionSeconds: 5,
  idleConnections: 1000,
  idleHoldSeconds: 16,
};

/** CPU seconds a target's `wrangler dev` spent during one round: workerd, and wrangler's Node process. */
export interface RoundCpu {
  workerd: number;
  others: number;
}

/** Everything measured against one target, rounds kept apart. */
export interface TargetResults {
  registerMs: number[][];
  offerMs: number[][];
  candidateMs: number[][];
  throughput: ThroughputRound[];
  sessions: Array<SessionsRound & { cpu: RoundCpu | undefined }>;
  idle: IdleResult | undefined;
  errors: string[];
}

function emptyResults(): TargetResults {
  return { registerMs: [], offerMs: [], candidateMs: [], throughput: [], sessions: [], idle: undefined, errors: [] };
}

/** A few whole sessions, so that both servers have compiled their code before anything is timed. */
async function warmUp(target: Target): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const { first, second } = await openPair(target.url, "warmup");
    second.send('{"type":"offer","sdp":"warm"}');
    await first.next();
    await Promise.all([first.closeAndWait(), second.closeAndWait()]);
  }
}

/** Runs `measure` and adds the CPU time the target's processes spent meanwhile. */
async function withCpu<T>(target: Target, measure: () => Promise<T>): Promise<T & { cpu: RoundCpu | undefined }> {
  const before = cpuSecondsOf(target.processGroup);
  const result = await measure();
  const after = cpuSecondsOf(target.processGroup);
  const cpu =
    before && after ? { workerd: after.workerd - before.workerd, others: after.others - before.others } : undefined;
  return { ...result, cpu };
}

async function attempt(results: TargetResults, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    results.errors.push(`${what}: ${String(error)}`);
  }
}

const IDLE_SETTLE_MS = 5_000;

export const SCENARIOS = ["register", "relay", "throughput", "sessions", "idle"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export async function measureAll(
  targets: readonly Target[],
  settings: BenchSettings,
  only: ReadonlySet<ScenarioName>,
  progress: (message: string) => void,
): Promise<TargetResults[]> {
  const runs = targets.map((target) => ({ target, results: emptyResults() }));
  for (const { target, results } of runs) {
    await attempt(results, "warm-up", () => warmUp(target));
  }
  const scenarios: Array<{
    id: ScenarioName;
    name: string;
    run: (target: Target, results: TargetResults) => Promise<void>;
  }> = [
    {
      id: "register",
      name: "register → accept",
      run: async (target, results) => {
        const deadline = performance.now() + settings.roundSecondsLimit * 1000;
        results.registerMs.push(await measureRegisterLatency(target, settings.registerRoomsPerRound, deadline));
      },
    },
    {
      id: "relay",
      name: "relay latency",
      run: async (target, results) => {
        const deadline = performance.now() + settings.roundSecondsLimit * 1000;
        const samples = await measureRelayLatency(target, settings.relaySamplesPerRound, deadline);
        results.offerMs.push(samples.offer);
        results.candidateMs.push(samples.candidate);
      },
    },
    {
      id: "throughput",
      name: "relay throughput",
      run: async (target, results) => {
        results.throughput.push(
          await measureRelayThroughput(
            target,
            settings.throughputRooms,
            settings.throughputWindow,
            settings.throughputSeconds,
          ),
        );
      },
    },
    {
      id: "sessions",
      name: "sessions",
      run: async (target, results) => {
        const round = await withCpu(target, () =>
          measureSessions(target, settings.sessionConcurrency, settings.sessionSeconds),
        );
        results.sessions.push(round);
        if (round.firstError) results.errors.push(`sessions: ${round.errors} failed, first: ${round.firstError}`);
      },
    },
  ];
  // Idle first: on processes that have only warmed up, the resident memory an idle connection adds is not
  // hidden by memory that earlier scenarios freed and the allocator kept.
  if (only.has("idle")) {
    progress(`idle connections: ${settings.idleConnections} per target, held ${settings.idleHoldSeconds} s`);
    try {
      const idle = await measureIdleConnections(
        targets,
        settings.idleConnections,
        settings.idleHoldSeconds,
        settings.roundSecondsLimit * 4,
      );
      for (const [index, { results }] of runs.entries()) {
        const result = idle[index];
        if (result === undefined) {
          results.errors.push("idle connections: no result for this target");
          continue;
        }
        results.idle = result;
        if (result.firstError) results.errors.push(`idle connections: ${result.firstError}`);
        if (result.registered < result.wanted) {
          results.errors.push(`idle connections: only ${result.registered} of ${result.wanted} registered in time`);
        }
      }
    } catch (error) {
      for (const { results } of runs) results.errors.push(`idle connections: ${String(error)}`);
    }
    // Closing the idle rooms leaves work behind (close handshakes, alarm writes): let it end before timing.
    await sleep(IDLE_SETTLE_MS);
  }
  for (const scenario of scenarios.filter((s) => only.has(s.id))) {
    for (let round = 0; round < settings.rounds; round++) {
      for (const { target, results } of runs) {
        progress(`${scenario.name}: round ${round + 1}/${settings.rounds}, ${target.role}`);
        await attempt(results, scenario.name, () => scenario.run(target, results));
      }
    }
  }
  return runs.map(({ results }) => results);
}
