// One structured JSON line per lifecycle event. Never log frame payloads: they carry SDP and credentials.
// Lifecycle lines are `info`; `LOG_LEVEL=warn` keeps only problems (protocol errors, failed webhooks).

export const LOG_LEVELS = ["info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

/** Per isolate: every Worker and Durable Object of one deployment shares the same vars. */
let threshold = RANK.info;

export function setLogLevel(level: LogLevel): void {
  threshold = RANK[level];
}

export function log(level: LogLevel, event: string, fields: Record<string, unknown>): void {
  if (RANK[level] < threshold) return;
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "info") console.log(line);
  else if (level === "warn") console.warn(line);
  else console.error(line);
}
