// A plain `ws` client for tests, scripts and benchmarks that run in Node against a real server
// (`wrangler dev`, a deployment). Same `frames` / `next` / `nextText` / `closed` API as workerSocket.ts.
import WebSocket from "ws";
import { withClientAddress } from "./clientAddress";
import { type ReceivedFrames, recordFrames, registerAndAwaitAccept } from "./frameRecorder";

export { notPing } from "./frameRecorder";

export interface NodeSocket extends ReceivedFrames {
  ws: WebSocket;
  /** Sends a string as is, anything else as JSON. */
  send(frame: unknown): void;
  close(code?: number, reason?: string): void;
}

export interface NodeConnectOptions {
  /** Each socket gets its own `CF-Connecting-IP` (test/support/clientAddress.ts) unless these name one. */
  headers?: Record<string, string>;
  /** Defaults to `?roomId=<roomId>`; pass a full query string to test routing. */
  query?: string;
}

/** `http://host:port` → `ws://host:port/signaling?roomId=…` */
function signalingUrl(baseUrl: string, roomId: string, query?: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = "/signaling";
  url.search = query ?? `?roomId=${encodeURIComponent(roomId)}`;
  return url.toString();
}

/** Opens the socket; rejects if the server refuses the upgrade. */
export async function connect(baseUrl: string, roomId: string, options: NodeConnectOptions = {}): Promise<NodeSocket> {
  const ws = new WebSocket(signalingUrl(baseUrl, roomId, options.query), {
    headers: withClientAddress(options.headers),
  });
  const recorder = recordFrames();
  ws.on("message", (data, isBinary) =>
    recorder.received(isBinary ? new TextDecoder().decode(toBytes(data)) : String(data)),
  );
  ws.on("close", (code, reason) => recorder.closedWith({ code, reason: reason.toString("utf8") }));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
    ws.once("unexpected-response", (_, response) => reject(new Error(`expected 101, got ${response.statusCode}`)));
  });
  // After the handshake an error is followed by a close event, which `closed` reports.
  ws.on("error", () => {});
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
  baseUrl: string,
  roomId: string,
  register: Record<string, unknown> = {},
  options: NodeConnectOptions = {},
): Promise<{ socket: NodeSocket; accept: Record<string, unknown> }> {
  const socket = await connect(baseUrl, roomId, options);
  return { socket, accept: await registerAndAwaitAccept(socket, roomId, register) };
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
