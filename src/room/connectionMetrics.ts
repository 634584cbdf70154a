// One Workers Analytics Engine data point per connection, written when it ends, from the same facts as its summary
// line (./connectionStats.ts). Analytics Engine names columns by position (blob1…blob20, double1…double20), so the
// two tables below are the schema: append new columns at the end, never reorder (docs/observability.md, and
// test/node/metricsQueries.test.ts checks the documented queries and the Grafana dashboard against them).
// Limits: 20 blobs of 16 KB in total, 20 doubles, one index of at most 96 bytes.
// https://developers.cloudflare.com/analytics/analytics-engine/limits/
import type { ConnectionFacts } from "./connectionStats";

/** The dataset the commented binding in wrangler.toml writes to; the queries in the docs read from it. */
export const METRICS_DATASET = "ayame_connections";

/** Analytics Engine's limit on the index; the room id may be up to 255 bytes (src/protocol/roomId.ts). */
export const MAX_INDEX_BYTES = 96;
/** The reject reason may be the webhook's own text: only this many characters of it are written. */
const MAX_REASON_CHARS = 64;

const text = (value: string | number | boolean | null | undefined) =>
  value === null || value === undefined ? "" : String(value);

/** Where the data points go: the binding, read at every write (absent: nothing is written), and this code's version. */
export interface MetricsTarget {
  dataset(): AnalyticsEngineDataset | undefined;
  /** The Worker version's id (the `CF_VERSION_METADATA` binding), to compare the versions of a gradual deployment. */
  version: string;
}

/** What a data point is written from: the connection's facts and the version of the code that ran it. */
export type MetricsFacts = ConnectionFacts & { version: string };

/** blob1, blob2, …: strings to group and filter by. `""` stands for none (no TURN request, no name, …). */
export const BLOB_COLUMNS = [
  ["outcome", (f) => f.outcome],
  ["closeCode", (f) => text(f.closeCode)],
  ["closedBy", (f) => text(f.closedBy)],
  ["accepted", (f) => text(f.accepted)],
  ["rejectReason", (f) => firstChars(text(f.rejectReason), MAX_REASON_CHARS)],
  ["authn", (f) => text(f.authn?.outcome)],
  ["turn", (f) => text(f.turn?.outcome)],
  ["routing", (f) => f.routing],
  ["ayameClient", (f) => text(f.ayameClient)],
  ["libwebrtc", (f) => text(f.libwebrtc)],
  ["roomId", (f) => f.roomId],
  ["standalone", (f) => text(f.standalone)],
  ["approximate", (f) => text(f.approximate)],
  ["version", (f) => f.version],
] as const satisfies ReadonlyArray<readonly [string, (facts: MetricsFacts) => string]>;

/** double1, double2, …: numbers to sum, average and take quantiles of. 0 where a time was not measured. */
export const DOUBLE_COLUMNS = [
  ["registerToAcceptMs", (f) => f.registerToAcceptMs ?? 0],
  ["lifetimeMs", (f) => f.lifetimeMs],
  ["sentFrames", (f) => f.sent.frames],
  ["sentBytes", (f) => f.sent.bytes],
  ["receivedFrames", (f) => f.received.frames],
  ["receivedBytes", (f) => f.received.bytes],
  ["pings", (f) => f.pings],
  ["pongs", (f) => f.pongs],
  ["authnMs", (f) => f.authn?.durationMs ?? 0],
  ["turnMs", (f) => f.turn?.durationMs ?? 0],
] as const satisfies ReadonlyArray<readonly [string, (facts: MetricsFacts) => number]>;

/** The values a blob column can take, where there are few: what the documented queries may compare it with. */
export const BLOB_VALUES: Partial<Record<(typeof BLOB_COLUMNS)[number][0], readonly string[]>> = {
  outcome: [
    "closedByClient",
    "protocolError",
    "timeout",
    "rejected",
    "peerLeft",
    "ended",
    "displaced",
    "internalError",
  ],
  closedBy: ["client", "server", ""],
  accepted: ["true", "false"],
  authn: ["allowed", "denied", "failed", ""],
  turn: ["ok", "failed", ""],
  routing: ["url", "register"],
  standalone: ["true", "false"],
  approximate: ["true", "false"],
};

export function connectionDataPoint(facts: MetricsFacts): AnalyticsEngineDataPoint {
  return {
    // The sampling key: rooms are what an operator is asked about ("what happened in room X?"), a flood into one
    // room is sampled without thinning any other, and GROUP BY index1 counts exactly even where it is sampled.
    indexes: [firstBytes(facts.roomId, MAX_INDEX_BYTES)],
    blobs: BLOB_COLUMNS.map(([, value]) => value(facts)),
    doubles: DOUBLE_COLUMNS.map(([, value]) => value(facts)),
  };
}

function firstChars(value: string, max: number): string {
  return Array.from(value).slice(0, max).join("");
}

/**
 * How many bytes UTF-8 takes for `char`, one code point of a string's iteration: two UTF-16 units are a
 * surrogate pair (4 bytes), one unit is a code point below 0x10000 (a lone surrogate counts as its U+FFFD).
 */
const utf8Bytes = (char: string) => {
  const unit = char.charCodeAt(0);
  return char.length === 2 ? 4 : unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
};

/** The longest prefix of `value` whose UTF-8 encoding fits in `max` bytes (whole code points only). */
export function firstBytes(value: string, max: number): string {
  if (value.length * 3 <= max) return value;
  let bytes = 0;
  let end = 0;
  for (const char of value) {
    bytes += utf8Bytes(char);
    if (bytes > max) return value.slice(0, end);
    end += char.length;
  }
  return value;
}
