// The raw results of both targets → the figures of the report, each with its ratio to the baseline.
import type { TargetResults } from "./measure";
import { summarize } from "./stats";

export interface Figure {
  id: string;
  label: string;
  unit: string;
  better: "lower" | "higher";
  server: number | null;
  baseline: number | null;
  /** How many times costlier the server is than the baseline (> 1: worse), whichever way the figure points. */
  ratio: number | null;
  /** Whether the aim (ratio ≤ 1.25) applies: latency, throughput, CPU and memory per unit. */
  aimed: boolean;
  /** For a figure of the server alone (no baseline): the most its value may be. */
  serverAim?: number;
}

export const AIM_RATIO = 1.25;
/** CPU of one idle ping round (per connection) in relayed frames: the aim. */
export const PING_ROUND_AIM = 3;

type Extract = (results: TargetResults) => number | null;

function finite(value: number | undefined | null): number | null {
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}

function latency(pick: (results: TargetResults) => number[][], stat: "p50" | "p90" | "p99" | "max"): Extract {
  return (results) => finite(summarize(pick(results).flat())[stat]);
}

/** Events per second over all rounds together. */
function perSecond(rounds: ReadonlyArray<{ count: number; seconds: number }>): number | null {
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const total = rounds.reduce((sum, round) => sum + round.count, 0);
  return seconds > 0 ? total / seconds : null;
}

/** CPU time per event over all rounds, in `scale` units per second (1e6: µs). Null when CPU was not measured. */
function cpuPer(rounds: ReadonlyArray<{ cpu: number | undefined; count: number }>, scale: number): number | null {
  if (rounds.length === 0 || rounds.some((round) => round.cpu === undefined)) return null;
  const cpu = rounds.reduce((sum, round) => sum + (round.cpu ?? 0), 0);
  const count = rounds.reduce((sum, round) => sum + round.count, 0);
  return count > 0 ? (cpu * scale) / count : null;
}

interface FigureSpec {
  id: string;
  label: string;
  unit: string;
  better: "lower" | "higher";
  aimed: boolean;
  serverAim?: number;
  extract: Extract;
}

const cpuPerRelayedFrame: Extract = (r) =>
  cpuPer(
    r.throughput.map((round) => ({ cpu: round.cpu?.workerd, count: round.frames })),
    1e6,
  );

/** workerd CPU of the idle hold per ping answered in it (µs): one ping round, per connection. */
const cpuPerPingRound: Extract = (r) => {
  const idle = r.idle;
  if (!idle || idle.holdCpuSeconds === undefined || idle.pingsDuringHold === 0) return null;
  return finite((idle.holdCpuSeconds * 1e6) / idle.pingsDuringHold);
};

/** p50, p90, p99 and max of one latency. */
function latencies(id: string, label: string, pick: (results: TargetResults) => number[][]): FigureSpec[] {
  return (["p50", "p90", "p99", "max"] as const).map((stat) => ({
    id: `${id}_${stat}`,
    label: `${label} ${stat}`,
    unit: "ms",
    better: "lower" as const,
    aimed: true,
    extract: latency(pick, stat),
  }));
}

const SPECS: FigureSpec[] = [
  ...latencies("register_accept", "register → accept", (r) => r.registerMs),
  ...latencies("relay_offer", "relay offer (2 KB)", (r) => r.offerMs),
  ...latencies("relay_candidate", "relay candidate", (r) => r.candidateMs),
  {
    id: "relay_frames_per_second",
    label: "relayed frames/s, many rooms",
    unit: "frames/s",
    better: "higher",
    aimed: true,
    extract: (r) => perSecond(r.throughput.map((round) => ({ count: round.frames, seconds: round.seconds }))),
  },
  {
    id: "sessions_per_second",
    label: "full sessions/s",
    unit: "sessions/s",
    better: "higher",
    aimed: true,
    extract: (r) => perSecond(r.sessions.map((round) => ({ count: round.sessions, seconds: round.seconds }))),
  },
  {
    id: "session_duration_p50",
    label: "full session duration p50",
    unit: "ms",
    better: "lower",
    aimed: true,
    extract: (r) => finite(summarize(r.sessions.flatMap((round) => round.durations)).p50),
  },
  {
    id: "cpu_per_relayed_frame",
    label: "workerd CPU per relayed frame",
    unit: "µs",
    better: "lower",
    aimed: true,
    extract: cpuPerRelayedFrame,
  },
  {
    id: "cpu_per_session",
    label: "workerd CPU per session",
    unit: "ms",
    better: "lower",
    aimed: true,
    extract: (r) =>
      cpuPer(
        r.sessions.map((round) => ({ cpu: round.cpu?.workerd, count: round.sessions })),
        1e3,
      ),
  },
  {
    id: "wrangler_cpu_per_session",
    label: "wrangler (Node) CPU per session",
    unit: "ms",
    better: "lower",
    aimed: true,
    extract: (r) =>
      cpuPer(
        r.sessions.map((round) => ({ cpu: round.cpu?.others, count: round.sessions })),
        1e3,
      ),
  },
  {
    id: "idle_survived",
    label: "idle connections survived",
    unit: "connections",
    better: "higher",
    aimed: false,
    extract: (r) => finite(r.idle?.survived),
  },
  {
    id: "idle_memory_per_connection",
    label: "workerd memory per idle connection",
    unit: "KiB",
    better: "lower",
    aimed: true,
    extract: (r) => {
      const bytes = r.idle?.bytesPerConnection;
      return bytes === undefined ? null : finite(bytes / 1024);
    },
  },
  {
    id: "idle_cpu",
    label: "workerd CPU while idle (all connections)",
    unit: "% of a core",
    better: "lower",
    aimed: false,
    extract: (r) => {
      const idle = r.idle;
      return idle?.holdCpuSeconds === undefined ? null : finite((100 * idle.holdCpuSeconds) / idle.holdSeconds);
    },
  },
  {
    id: "cpu_per_ping_round",
    label: "workerd CPU per idle ping round, per connection",
    unit: "µs",
    better: "lower",
    aimed: false,
    extract: cpuPerPingRound,
  },
  {
    // The baseline never pings: the server's ping round is weighed against its own relayed frame.
    id: "ping_round_in_relayed_frames",
    label: "idle ping round ÷ relayed frame (workerd CPU)",
    unit: "×",
    better: "lower",
    aimed: false,
    serverAim: PING_ROUND_AIM,
    extract: (r) => {
      const round = cpuPerPingRound(r);
      const frame = cpuPerRelayedFrame(r);
      return round === null || frame === null ? null : finite(round / frame);
    },
  },
];

function ratioOf(spec: FigureSpec, server: number | null, baseline: number | null): number | null {
  if (server === null || baseline === null) return null;
  const ratio = spec.better === "lower" ? server / baseline : baseline / server;
  return Number.isFinite(ratio) ? ratio : null;
}

export function figuresOf(server: TargetResults, baseline: TargetResults): Figure[] {
  return SPECS.map((spec) => {
    const s = spec.extract(server);
    const b = spec.extract(baseline);
    const figure: Figure = {
      id: spec.id,
      label: spec.label,
      unit: spec.unit,
      better: spec.better,
      server: s,
      baseline: b,
      ratio: ratioOf(spec, s, b),
      aimed: spec.aimed,
    };
    if (spec.serverAim !== undefined) figure.serverAim = spec.serverAim;
    return figure;
  });
}
