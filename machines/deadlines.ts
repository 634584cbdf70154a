// Deadlines are data in the connection machine's context. These helpers let the shell arm one alarm for
// the earliest of them and turn expired ones back into events.
import type { ConnectionContext, ConnectionEvent } from "./connection.types";

type TimerEvent = Extract<ConnectionEvent, { type: "READ_TIMEOUT" | "PONG_TIMEOUT" | "PING_DUE" }>;

/** Only a socket the server still talks to has live deadlines. */
export interface DeadlineView {
  active: boolean;
  context: ConnectionContext;
}

export function earliestDeadline(connection: DeadlineView): number | null {
  if (!connection.active) return null;
  const { readDeadline, nextPingAt, pongDeadline } = connection.context;
  let earliest = readDeadline;
  if (nextPingAt !== null && nextPingAt < earliest) earliest = nextPingAt;
  if (pongDeadline !== null && pongDeadline < earliest) earliest = pongDeadline;
  return earliest;
}

/** The timer event due at `now`, most severe first; at most one per alarm run. */
export function dueTimerEvent(connection: DeadlineView, now: number): TimerEvent | null {
  if (!connection.active) return null;
  const { readDeadline, nextPingAt, pongDeadline } = connection.context;
  if (readDeadline <= now) return { type: "READ_TIMEOUT", at: now };
  if (pongDeadline !== null && pongDeadline <= now) return { type: "PONG_TIMEOUT", at: now };
  if (nextPingAt !== null && nextPingAt <= now) return { type: "PING_DUE", at: now };
  return null;
}
