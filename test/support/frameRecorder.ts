import { defined } from "./defined";
// Records what a test client's WebSocket received, so tests can await the server's frames and close in
// order. Runtime-neutral: used by the Workers-pool client (workerSocket.ts) and the Node client (nodeSocket.ts).

export interface Closed {
  code: number;
  reason: string;
}

export type FrameMatch = (frame: Record<string, unknown>) => boolean;

/** Matches every frame except the server's heartbeat `ping`. */
export const notPing: FrameMatch = (frame) => frame.type !== "ping";

export interface ReceivedFrames {
  /** Every text frame received so far, in order. */
  frames: string[];
  /** Resolves with the next frame (JSON-parsed) that matches, waiting if needed; rejects on close or timeout. */
  next(match?: FrameMatch, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Like `next`, but resolves with the frame's text exactly as received (for byte-for-byte checks). */
  nextText(match?: FrameMatch, timeoutMs?: number): Promise<string>;
  /** Resolves when the socket closes. */
  closed: Promise<Closed>;
}

export interface FrameRecorder extends ReceivedFrames {
  /** Call for every frame the socket receives. */
  received(text: string): void;
  /** Call once when the socket closes. */
  closedWith(closed: Closed): void;
}

export function recordFrames(): FrameRecorder {
  const frames: string[] = [];
  const waiters: Array<() => void> = [];
  const wakeAll = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  let closedAs: Closed | undefined;
  let resolveClosed: (closed: Closed) => void = () => {};
  const closed = new Promise<Closed>((resolve) => (resolveClosed = resolve));
  let cursor = 0;

  const nextText: ReceivedFrames["nextText"] = async (match = () => true, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (cursor < frames.length) {
        const text = defined(frames[cursor++], "the frame at the cursor");
        if (match(JSON.parse(text) as Record<string, unknown>)) return text;
      }
      if (closedAs)
        throw new Error(
          `socket closed (${closedAs.code} ${closedAs.reason}) before the expected frame; got ${JSON.stringify(frames)}`,
        );
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };

  return {
    frames,
    closed,
    nextText,
    next: async (match, timeoutMs) => JSON.parse(await nextText(match, timeoutMs)) as Record<string, unknown>,
    received: (text) => {
      frames.push(text);
      wakeAll();
    },
    closedWith: (value) => {
      if (closedAs) return;
      closedAs = value;
      resolveClosed(value);
      wakeAll();
    },
  };
}

/** Sends `register` on an open socket and resolves with its `accept`; a `reject` fails the caller. */
export async function registerAndAwaitAccept(
  socket: { send(frame: unknown): void; next: ReceivedFrames["next"] },
  roomId: string,
  register: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  socket.send({ type: "register", roomId, ...register });
  const accept = await socket.next((frame) => frame.type === "accept" || frame.type === "reject");
  if (accept.type !== "accept") throw new Error(`expected accept, got ${JSON.stringify(accept)}`);
  return accept;
}
