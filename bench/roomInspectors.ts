// `--watched`: one inspector socket (docs/inspector.md) for each room the bench opens on our server, connected
// before the room's clients join and closed after them. It reads every frame and discards it, counting them, so
// that the run can tell whether anything was watched at all.
import WebSocket from "ws";
import { withClientAddress } from "../test/support/clientAddress";
import { sleep } from "./client";

/** INSPECT_TOKEN of our server in a watched run: fixed, since that server lives only as long as the run. */
export const BENCH_INSPECT_TOKEN = "bench-inspect-token-0123456789abcdef";

/** `http://host:port` or any URL of the server (a `--bare-url` marker included) → its `/inspect` socket. */
function inspectUrl(server: string, roomId: string): string {
  const url = new URL(server);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  url.pathname = "/inspect";
  url.search = "";
  url.hash = "";
  url.searchParams.set("roomId", roomId);
  return url.toString();
}

/** Closes and waits for the close handshake (bounded), as BenchSocket.closeAndWait does. */
async function closeAndWait(ws: WebSocket, closed: Promise<unknown>, timeoutMs = 5_000): Promise<void> {
  ws.close(1000);
  const inTime = await Promise.race([closed.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!inTime) ws.terminate();
}

export class RoomInspectors {
  /** Rooms watched so far, and what their inspectors received. */
  rooms = 0;
  frames = 0;
  bytes = 0;

  private readonly server: string;
  private readonly token: string;

  constructor(server: string, token: string) {
    this.server = server;
    this.token = token;
  }

  /** Connects an inspector to `roomId`; resolves once it is open, with what closes it. */
  readonly watch = (roomId: string): Promise<() => Promise<void>> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(inspectUrl(this.server, roomId), {
        perMessageDeflate: false,
        handshakeTimeout: 10_000,
        headers: withClientAddress({ Authorization: `Bearer ${this.token}` }),
      });
      const closed = new Promise((done) => ws.once("close", done));
      ws.on("message", (data: Buffer) => {
        this.frames += 1;
        this.bytes += data.length;
      });
      // Before the upgrade, an error (a 401 or 404 answer) fails the room; afterwards a "close" follows it.
      ws.on("error", reject);
      ws.once("open", () => {
        this.rooms += 1;
        resolve(() => closeAndWait(ws, closed));
      });
    });

  /** What the inspectors received, for the progress output. */
  summary(): string {
    return `inspectors: ${this.rooms} rooms watched, ${this.frames} frames (${(this.bytes / 2 ** 20).toFixed(1)} MiB) received`;
  }

  /**
   * An inspector that connects before the clients is greeted with one frame, the room's actor; every other frame
   * is a machine step. Without any, the run measured rooms that nobody watched.
   */
  get sawSteps(): boolean {
    return this.frames > this.rooms;
  }
}
