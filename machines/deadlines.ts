// Deadlines are data in the connection machine's context: one table names them and the event each one
// becomes when it passes. The shell arms one Durable Object alarm for the earliest of all sockets and turns
// the passed ones back into events. A new deadline is one row here plus the machine's transitions.

/** Deadline → the event it becomes. In order of precedence when several have passed at once. */
export const DEADLINES = {
  close: "CLOSE_TIMEOUT",
  register: "REGISTER_TIMEOUT",
  read: "READ_TIMEOUT",
  pong: "PONG_TIMEOUT",
  ping: "PING_DUE",
} as const;

export type DeadlineName = keyof typeof DEADLINES;
export type DeadlineEventType = (typeof DEADLINES)[DeadlineName];

/** Epoch ms, or null when the deadline is not running. */
export type Deadlines = Record<DeadlineName, number | null>;

export const NO_DEADLINES: Deadlines = { close: null, register: null, read: null, pong: null, ping: null };

export const DEADLINE_NAMES = Object.keys(DEADLINES) as readonly DeadlineName[];
const NAMES = DEADLINE_NAMES;

export function earliestDeadline(deadlines: Deadlines): number | null {
  let earliest: number | null = null;
  for (const name of NAMES) {
    const at = deadlines[name];
    if (at !== null && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}

/** The deadline event due at `now`, by precedence; at most one per alarm run. */
export function dueDeadlineEvent(deadlines: Deadlines, now: number): { type: DeadlineEventType; at: number } | null {
  for (const name of NAMES) {
    const at = deadlines[name];
    if (at !== null && at <= now) return { type: DEADLINES[name], at: now };
  }
  return null;
}

/** Read deadlines are rounded up to a quantum so that a busy socket's persisted state changes rarely. */
export function readDeadlineAfter(at: number, readTimeoutMs: number): number {
  const quantum = Math.min(1000, Math.max(1, Math.floor(readTimeoutMs / 10)));
  return Math.ceil((at + readTimeoutMs) / quantum) * quantum;
}

/**
 * Pings fall on one grid, the multiples of the ping interval, so both sockets of a room (and every socket of
 * a room) are due at the same instants: one alarm wake per room per interval. The first ping comes at the
 * first grid point at least half an interval after `accept`: between 0.5 and 1.5 intervals after it (Momo
 * gives up when no ping comes within 30 s; src/configWarnings.ts).
 */
export function firstPingAt(at: number, pingIntervalMs: number): number {
  return Math.ceil((at + pingIntervalMs / 2) / pingIntervalMs) * pingIntervalMs;
}

/** The next grid point after `at` (a late alarm does not shift the grid). */
export function nextPingAfter(at: number, pingIntervalMs: number): number {
  return (Math.floor(at / pingIntervalMs) + 1) * pingIntervalMs;
}
