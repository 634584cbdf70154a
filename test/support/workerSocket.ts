// A client WebSocket for tests that run inside the Workers pool: opens `/signaling` through the Worker's
// real fetch handler and records every frame and the close, so tests can await what the server did.
import { env, exports } from "cloudflare:workers";
import { configOf } from "../../src/config";
import { withClientAddress } from "./clientAddress";
import { type ReceivedFrames, recordFrames, registerAndAwaitAccept } from "./frameRecorder";

export { type Closed, notPing } from "./frameRecorder";

/** `frames`, `next`, `nextText` and `closed` (when the server closes the socket) come from frameRecorder.ts. */
export interface TestSocket extends ReceivedFrames {
  ws: WebSocket;
  send(frame: unknown): void;
  close(code?: number, reason?: string): void;
}

/**
 * The project-level switch: in a project with ROOM_ID_FROM_REGISTER=true (the `*-register-routing` projects)
 * clients connect to the bare `/signaling` URL, as Momo and other stock clients do, and the Worker routes
 * them by their `register` frame; everywhere else they name the room in the URL.
 */
export const routedByRegister = (() => {
  const parsed = configOf(env);
  return parsed.ok && parsed.config.roomIdFromRegister;
})();

export interface ConnectOptions {
  /** Each upgrade gets its own `CF-Connecting-IP` (test/support/clientAddress.ts) unless these name one. */
  headers?: Record<string, string>;
  /** Defaults to `?roomId=<roomId>` (no query at all when `routedByRegister`); pass a full query string to test routing. */
  query?: string;
  /** Defaults to the Worker's default export. */
  fetcher?: { fetch(input: string, init?: RequestInit): Promise<Response> };
  /** Do not answer the server's close frame until `close()` is called: a client whose close arrives late. */
  halfOpen?: boolean;
}

let roomCounter = 0;

/** A room id no other test uses. */
export function uniqueRoomId(label = "room"): string {
  roomCounter += 1;
  return `${label}-${Date.now().toString(36)}-${roomCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function upgrade(roomId: string, options: ConnectOptions = {}): Promise<Response> {
  const fetcher = options.fetcher ?? exports.default;
  const query = options.query ?? (routedByRegister ? "" : `?roomId=${encodeURIComponent(roomId)}`);
  return fetcher.fetch(`http://ayame.test/signaling${query}`, {
    headers: { upgrade: "websocket", ...withClientAddress(options.headers) },
  });
}

export async function connect(roomId: string, options: ConnectOptions = {}): Promise<TestSocket> {
  const response = await upgrade(roomId, options);
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) throw new Error(`expected 101, got ${response.status}: ${await response.text()}`);
  ws.accept(options.halfOpen ? { allowHalfOpen: true } : undefined);
  const recorder = recordFrames();
  ws.addEventListener("close", (event) => recorder.closedWith({ code: event.code, reason: event.reason }));
  ws.addEventListener("message", (event) =>
    recorder.received(
      typeof event.data === "string" ? event.data : new TextDecoder().decode(event.data as ArrayBuffer),
    ),
  );

  return {
    ws,
    frames: recorder.frames,
    next: recorder.next,
    nextText: recorder.nextText,
    closed: recorder.closed,
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
  return { socket, accept: await registerAndAwaitAccept(socket, roomId, register) };
}
