// The stress run's figures as plain-text tables (the terminal) and Markdown (docs/security.md).
import type { IdleResult } from "../scenarios/idleConnections";
import type { FloodResult, PairJoin } from "./flood";
import type { FuzzResult } from "./fuzz";
import { KIND_COUNT } from "./hostileFrames";
import type { ServerErrors } from "./serverErrors";

export interface StressReport {
  fuzz: FuzzResult | undefined;
  flood: FloodResult | undefined;
  hold: IdleResult | undefined;
  holdRooms: number;
  errors: ServerErrors;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : (bytes / 2 ** 20).toFixed(1));
const ms = (value: number | undefined) => (value === undefined ? "-" : value.toFixed(1));
const join = (pair: PairJoin) =>
  pair.problem ? `FAILED (${pair.problem.slice(0, 40)})` : `${ms(pair.firstMs)} / ${ms(pair.secondMs)}`;
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key}: ${n}`)
    .join(", ") || "none";

type Table = { title: string; header: string[]; rows: string[][] };

function tables(report: StressReport): Table[] {
  const out: Table[] = [];
  const { fuzz, flood, hold } = report;
  if (fuzz) {
    out.push({
      title: "(a) fuzz",
      header: ["figure", "value"],
      rows: [
        ["rooms", String(fuzz.rooms)],
        ["hostile frames before accept / after accept", `${fuzz.framesBeforeAccept} / ${fuzz.framesAfterAccept}`],
        ["kinds of frame sent", `${fuzz.kinds.size} of ${KIND_COUNT}`],
        ["sockets opened", String(fuzz.sockets)],
        ["how the server closed fuzzed sockets (code: count)", counts(fuzz.closes)],
        ["rooms that could not take a fresh pair afterwards", String(fuzz.leaks.length)],
        ["duration (s)", fuzz.seconds.toFixed(1)],
      ],
    });
  }
  if (flood) {
    out.push({
      title: "(b) flood of unregistered sockets into one room (register → accept in ms, first / second client)",
      header: [
        "flood sockets",
        "open",
        "refused",
        "closed by server",
        "workerd RSS (MiB)",
        "pair in the flooded room",
        "pair in an idle room",
      ],
      rows: flood.checkpoints.map((row) => [
        String(row.attempted),
        String(row.open),
        String(row.refused),
        String(row.closedByServer),
        mib(row.residentBytes),
        join(row.floodRoom),
        join(row.idleRoom),
      ]),
    });
    out.push({
      title: "(b) after the flood",
      header: ["figure", "value"],
      rows: [
        ["workerd RSS after closing every flood socket (MiB)", mib(flood.residentAfterCloseBytes)],
        ["first refusal", flood.firstRefusal ?? "none"],
        ["duration (s)", flood.seconds.toFixed(1)],
      ],
    });
  }
  if (hold) {
    const perConnection = hold.bytesPerConnection === undefined ? "n/a" : (hold.bytesPerConnection / 1024).toFixed(1);
    out.push({
      title: `(c) ${report.holdRooms} rooms × 2 peers held ${hold.holdSeconds} s, answering pings`,
      header: ["figure", "value"],
      rows: [
        ["sockets registered / wanted", `${hold.registered} / ${hold.wanted}`],
        ["sockets still open at the end", String(hold.survived)],
        ["pings answered", String(hold.pingsAnswered)],
        ["closes during the hold (code reason: count)", counts(hold.closes)],
        ["workerd RSS before / held (MiB)", `${mib(hold.before?.residentBytes)} / ${mib(hold.held?.residentBytes)}`],
        ["workerd RSS per held socket (KiB)", perConnection],
        ["workerd CPU during the hold (s)", hold.holdCpuSeconds?.toFixed(2) ?? "n/a"],
      ],
    });
  }
  out.push({
    title: "server output",
    header: ["figure", "value"],
    rows: [["uncaught errors, error log lines, stack traces", counts(report.errors.counts)]],
  });
  return out;
}

function pad(rows: string[][]): string[] {
  // A row without a cell in a column (none so far) would take no width there.
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

export function textReport(report: StressReport): string {
  return tables(report)
    .map((table) => [table.title, ...pad([table.header, ...table.rows])].join("\n"))
    .join("\n\n");
}

export function markdownReport(report: StressReport): string {
  return tables(report)
    .map((table) =>
      [
        `**${table.title}**`,
        "",
        `| ${table.header.join(" | ")} |`,
        `| ${table.header.map(() => "---").join(" | ")} |`,
        ...table.rows.map((row) => `| ${row.join(" | ")} |`),
      ].join("\n"),
    )
    .join("\n\n");
}

/** Everything that makes the run fail. */
export function failures(report: StressReport, wanted: { holdSockets: number }): string[] {
  const reasons: string[] = [];
  const { fuzz, flood, hold } = report;
  if (fuzz) {
    reasons.push(...fuzz.leaks.map((leak) => `fuzz: slot leaked: ${leak}`));
    reasons.push(...fuzz.errors.map((error) => `fuzz: ${error}`));
    for (const code of ["1006", "1011"])
      if (fuzz.closes[code]) reasons.push(`fuzz: ${fuzz.closes[code]} sockets closed with ${code}`);
  }
  if (flood) {
    for (const row of flood.checkpoints) {
      if (row.floodRoom.problem)
        reasons.push(`flood: at ${row.attempted} sockets the real pair could not join: ${row.floodRoom.problem}`);
      if (row.idleRoom.problem)
        reasons.push(`flood: at ${row.attempted} sockets a pair could not join an idle room: ${row.idleRoom.problem}`);
    }
  }
  if (hold) {
    if (hold.registered < wanted.holdSockets)
      reasons.push(`hold: only ${hold.registered} of ${wanted.holdSockets} sockets registered`);
    if (hold.survived < hold.registered)
      reasons.push(`hold: ${hold.registered - hold.survived} held sockets dropped (${counts(hold.closes)})`);
    if (hold.firstError) reasons.push(`hold: ${hold.firstError}`);
  }
  for (const [kind, n] of Object.entries(report.errors.counts)) reasons.push(`server: ${n} × ${kind}`);
  return reasons;
}
