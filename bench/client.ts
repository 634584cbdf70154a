// One Ayame client socket for the load generator (`ws`, outside any Worker). It answers the server's
// heartbeat `ping` by itself, and hands every other frame to `onFrame` or to whoever awaits `next()`.
import WebSocket from "ws";
import { withClientAddress } from "../test/support/clientAddress";

export interface Frame {
  text: string;
  /** performance.now() when the frame arrived. */
  at: number;
}

export interface Closed {
  code: number;
  reason: string;
}

export class TimeoutError extends Error {}

/**
 * Marks a server URL whose clients connect to the bare `/signaling` URL, as Momo does (`--bare-url`): the
 * room id then travels only in `register`. A fragment is never sent, so the marker cannot reach the server.
 */
export const BARE_URL_MARKER = "#bare-url";

/** `http://host:port` or a full `ws://…/signaling` URL → the WebSocket URL of a room. */
export function signalingUrl(server: string, roomId: string): string {
  const url = new URL(server);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/signaling";
  if (url.hash === BARE_URL_MARKER) url.hash = "";
  else url.searchParams.set("roomId", roomId);
  return url.toString();
}

let roomCounter = 0;

export function uniqueRoomId(label: string): string {
  roomCounter += 1;
  return `bench-${label}-${process.pid}-${Date.now().toString(36)}-${roomCounter}`;
}

export function registerFrame(roomId: string): string {
  return JSON.stringify({ type: "register", roomId, clientId: `c-${Math.random().toString(36).slice(2, 10)}` });
}

export function frameType(text: string): string | undefined {
  try {
    const frame: unknown = JSON.parse(text);
    const type = typeof frame === "object" && frame !== null ? (frame as { type?: unknown }).type : undefined;
    return typeof type === "string" ? type : undefined;
  } catch {
    return undefined;
  }
}

function isPing(text: string): boolean {
  return text.length < 64 && text.includes('"ping"') && frameType(text) === "ping";
}

export class BenchSocket {
  /** Heartbeats answered so far. */
  pings = 0;
  closedWith: Closed | undefined;
  readonly closed: Promise<Closed>;
  /** When set, frames go here instead of the `next()` queue (for hot loops). */
  onFrame: ((frame: Frame) => void) | undefined;
  private readonly queued: Frame[] = [];
  private waiter: ((frame: Frame | undefined) => void) | undefined;
  private readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      const at = performance.now();
      const text = isBinary ? data.toString("utf8") : data.toString();
      if (isPing(text)) {
        this.pings += 1;
        this.send('{"type":"pong"}');
        return;
      }
      const frame = { text, at };
      if (this.onFrame) this.onFrame(frame);
      else if (this.waiter) this.waiter(frame);
      else this.queued.push(frame);
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code: number, reason: Buffer) => {
        this.closedWith = { code, reason: reason.toString() };
        this.waiter?.(undefined);
        resolve(this.closedWith);
      });
    });
    ws.on("error", () => {
      // A "close" event follows every error; callers see the close.
    });
  }

  /** Each socket is its own user: a fresh `CF-Connecting-IP` unless `headers` name one (test/support/clientAddress.ts). */
  static open(
    server: string,
    roomId: string,
    timeoutMs = 10_000,
    headers?: Record<string, string>,
  ): Promise<BenchSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(signalingUrl(server, roomId), {
        perMessageDeflate: false,
        handshakeTimeout: timeoutMs,
        headers: withClientAddress(headers),
      });
      const socket = new BenchSocket(ws);
      ws.once("open", () => resolve(socket));
      ws.once("error", (error) => reject(error));
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Text as a text frame, bytes as a binary frame; dropped once the socket is no longer open. */
  send(data: string | Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  /** The next non-ping frame; rejects when the socket closes first or after `timeoutMs`. */
  next(timeoutMs = 10_000): Promise<Frame> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closedWith) return Promise.reject(new Error(`closed ${this.closedWith.code} ${this.closedWith.reason}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new TimeoutError(`no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (frame) => {
        clearTimeout(timer);
        this.waiter = undefined;
        if (frame) resolve(frame);
        else reject(new Error(`closed ${this.closedWith?.code} ${this.closedWith?.reason}`));
      };
    });
  }

  /** Sends `register` and resolves with the server's answer (`accept` or `reject`) and when it arrived. */
  async register(
    roomId: string,
    timeoutMs = 10_000,
  ): Promise<{ type: string | undefined; sentAt: number; at: number; text: string }> {
    const sentAt = performance.now();
    this.send(registerFrame(roomId));
    const answer = await this.next(timeoutMs);
    return { type: frameType(answer.text), sentAt, at: answer.at, text: answer.text };
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
  }

  /** Closes and waits for the close handshake (bounded). */
  async closeAndWait(timeoutMs = 5_000): Promise<void> {
    this.close();
    await Promise.race([this.closed, sleep(timeoutMs)]);
    if (!this.closedWith) this.ws.terminate();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A registered pair in a fresh room: `first` got isExistUser=false, `second` true. */
export async function openPair(
  server: string,
  label: string,
): Promise<{ roomId: string; first: BenchSocket; second: BenchSocket }> {
  const roomId = uniqueRoomId(label);
  const first = await BenchSocket.open(server, roomId);
  const a = await first.register(roomId);
  if (a.type !== "accept") throw new Error(`first register answered ${a.text}`);
  const second = await BenchSocket.open(server, roomId);
  const b = await second.register(roomId);
  if (b.type !== "accept") throw new Error(`second register answered ${b.text}`);
  return { roomId, first, second };
}

/** Runs `task` for each item with at most `limit` at once. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
