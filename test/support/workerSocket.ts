// A client WebSocket for tests that run inside the Workers pool: opens `/signaling` through the Worker's
// real fetch handler and records every frame and the close, so tests can await what the server did.
import { exports } from "cloudflare:workers";

export interface Closed {
  code: number;
  reason: string;
}

export interface TestSocket {
  ws: WebSocket;
  /** Every text frame received so far, in order. */
  frames: string[];
  /** Resolves with the next frame (JSON-parsed) that matches, waiting if needed; rejects on close or timeout. */
  next(match?: (frame: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves when the server closes the socket. */
  closed: Promise<Closed>;
  send(frame: unknown): void;
  close(code?: number, reason?: string): void;
}

export interface ConnectOptions {
  headers?: Record<string, string>;
  /** Defaults to `?roomId=<roomId>`; pass a full query string to test routing. */
  query?: string;
  /** Defaults to the Worker's default export. */
  fetcher?: { fetch(input: string, init?: RequestInit): Promise<Response> };
}

let roomCounter = 0;

/** A room id no other test uses. */
export function uniqueRoomId(label = "room"): string {
  roomCounter += 1;
  return `${label}-${Date.now().toString(36)}-${roomCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function upgrade(roomId: string, options: ConnectOptions = {}): Promise<Response> {
  const fetcher = options.fetcher ?? exports.default;
  const query = options.query ?? `?roomId=${encodeURIComponent(roomId)}`;
  return fetcher.fetch(`http://ayame.test/signaling${query}`, {
    headers: { upgrade: "websocket", ...options.headers },
  });
}

export async function connect(roomId: string, options: ConnectOptions = {}): Promise<TestSocket> {
  const response = await upgrade(roomId, options);
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) throw new Error(`expected 101, got ${response.status}: ${await response.text()}`);
  ws.accept();
  const frames: string[] = [];
  const waiters: Array<() => void> = [];
  let closedWith: Closed | undefined;
  let cursor = 0;
  const closed = new Promise<Closed>((resolve) => {
    ws.addEventListener("close", (event) => {
      closedWith = { code: event.code, reason: event.reason };
      resolve(closedWith);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  ws.addEventListener("message", (event) => {
    frames.push(typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data as ArrayBuffer));
    for (const wake of waiters.splice(0)) wake();
  });

  const next: TestSocket["next"] = async (match = () => true, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (cursor < frames.length) {
        const frame = JSON.parse(frames[cursor++]!) as Record<string, unknown>;
        if (match(frame)) return frame;
      }
      if (closedWith) throw new Error(`socket closed (${closedWith.code} ${closedWith.reason}) before the expected frame; got ${JSON.stringify(frames)}`);
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
    ws,
    frames,
    next,
    closed,
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    close: (code = 1000, reason = "") => ws.close(code, reason),
  };
}

/** Connects and registers; resolves with the socket and its `accept` frame. */
export async function join(
  roomId: string,
  register: Record<string, unknown> = {},
  options: ConnectOptions = {},
): Promise<{ socket: TestSocket; accept: Record<string, unknown> }> {
  const socket = await connect(roomId, options);
  socket.send({ type: "register", roomId, ...register });
  const accept = await socket.next((frame) => frame.type === "accept" || frame.type === "reject");
  if (accept.type !== "accept") throw new Error(`expected accept, got ${JSON.stringify(accept)}`);
  return { socket, accept };
}
