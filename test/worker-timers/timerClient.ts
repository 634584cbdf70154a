// Helpers for heartbeat tests: a client that answers pings (or stops), a keep-alive that only refreshes the
// read deadline, and the stub of a room's Durable Object for runDurableObjectAlarm / evictDurableObject.
// Intervals of the worker-timers project: ping 0.3 s, pong timeout 1 s, read timeout 1.5 s.
import { type Closed, connect, type TestSocket } from "../support/workerSocket";

export { roomStub } from "../support/roomClock";

export const PING_INTERVAL_MS = 300;

export function isPing(frame: Record<string, unknown>): boolean {
  return frame.type === "ping";
}

export function countFrames(socket: TestSocket, type: string): number {
  return socket.frames.filter((raw) => (JSON.parse(raw) as { type?: unknown }).type === type).length;
}

/**
 * The most pings a socket accepted at or after `since` can have received by now: the first is due one
 * interval after accept and each next one an interval later (+1 for clock granularity). Late delivery only
 * lowers the count, so this bound cannot be broken by a slow machine, only by extra pings.
 */
export function maxPingsDueSince(since: number): number {
  return Math.floor((Date.now() - since) / PING_INTERVAL_MS) + 1;
}

/** Connects, then registers; `registeredFrom` is taken after the upgrade, so it excludes any cold start. */
export async function joinTimed(
  roomId: string,
  register: Record<string, unknown> = {},
): Promise<{ socket: TestSocket; registeredFrom: number }> {
  const socket = await connect(roomId);
  const registeredFrom = Date.now();
  socket.send({ type: "register", roomId, ...register });
  const accept = await socket.next();
  if (accept.type !== "accept") throw new Error(`expected accept, got ${JSON.stringify(accept)}`);
  return { socket, registeredFrom };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Stoppable {
  stop(): void;
}

/** Answers every ping with a pong, like the web SDK and Momo do, until stopped. */
export function answerPings(socket: TestSocket): Stoppable {
  let answering = true;
  socket.ws.addEventListener("message", (event) => {
    if (!answering || typeof event.data !== "string") return;
    if ((JSON.parse(event.data) as { type?: unknown }).type !== "ping") return;
    try {
      socket.send({ type: "pong" });
    } catch {
      // closed meanwhile
    }
  });
  return { stop: () => (answering = false) };
}

/**
 * Sends `frame` every `everyMs` until stopped or closed. With a frame that the server accepts without
 * answering, this keeps the read deadline fresh, so that only the pong timeout can close the socket.
 */
export function keepSending(socket: TestSocket, frame: unknown, everyMs = 100): Stoppable {
  const timer = setInterval(() => {
    try {
      socket.send(frame);
    } catch {
      clearInterval(timer);
    }
  }, everyMs);
  void socket.closed.then(() => clearInterval(timer));
  return { stop: () => clearInterval(timer) };
}

/** Whether the socket is still open after `ms` — resolves early with false when it closes. */
export async function stillOpenAfter(socket: TestSocket, ms: number): Promise<boolean> {
  return Promise.race([socket.closed.then(() => false), sleep(ms).then(() => true)]);
}

/**
 * How the server closed the socket, or "still open" after `ms`: a deadline that never fires then fails the
 * test's assertion (showing what it got) instead of running into the test's timeout.
 */
export async function closedWithin(socket: TestSocket, ms: number): Promise<Closed | "still open"> {
  return Promise.race([socket.closed, sleep(ms).then(() => "still open" as const)]);
}
