// A test client that sends exactly what Momo (shiguredo/momo 2025.1, src/ayame/ayame_client.cpp) sends over
// Ayame signaling, in the Workers pool. Momo connects to the signaling URL as configured (it never adds the
// room id: a bare URL needs ROOM_ID_FROM_REGISTER) and registers at once:
//   {"type":"register","clientId":<random>,"roomId","ayameClient","libwebrtc","environment"[,"key"]}
// It answers every server `ping` with `pong`, and a watchdog gives up on the connection (Momo reconnects)
// when no `ping` arrives within 30 s. On `bye` it closes its socket. The `isExistUser: true` side offers.
import { type ConnectOptions, connect, type TestSocket } from "./workerSocket";

/** Momo's watchdog before ICE connects (60 s after): a server `ping` must arrive within it. */
const MOMO_WATCHDOG_MS = 30_000;

export const MOMO_CLIENT_INFO = {
  ayameClient: "Momo 2025.1.3",
  libwebrtc: "Shiguredo-Build M138.7204.0.1",
  environment: "[x86_64] Ubuntu 24.04.2 LTS (Noble Numbat)",
} as const;

export interface MomoOptions {
  /** `--signaling-key`: sent as `key`, only when set. */
  signalingKey?: string;
  /** `--client-id`: replaces the random clientId, at the same place in the frame. */
  clientId?: string;
  watchdogMs?: number;
  connect?: ConnectOptions;
}

export class MomoClient {
  pongs = 0;
  /** Set when the watchdog expired: Momo would drop this connection and reconnect. */
  gaveUpAt: number | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    readonly socket: TestSocket,
    private readonly watchdogMs: number,
  ) {}

  /** Connects and registers at once, as Momo does on every (re)connect. */
  static async join(roomId: string, options: MomoOptions = {}): Promise<MomoClient> {
    const socket = await connect(roomId, options.connect);
    const momo = new MomoClient(socket, options.watchdogMs ?? MOMO_WATCHDOG_MS);
    momo.armWatchdog();
    socket.ws.addEventListener("message", (event) => momo.onFrame(event.data));
    void socket.closed.then(() => clearTimeout(momo.watchdog));
    socket.send(momoRegisterFrame(roomId, options));
    return momo;
  }

  /** The server's answer to `register`. */
  outcome(): Promise<Record<string, unknown>> {
    return this.socket.next((frame) => frame.type === "accept" || frame.type === "reject");
  }

  offer(sdp: string): string {
    return this.sendText(JSON.stringify({ type: "offer", sdp }));
  }

  answer(sdp: string): string {
    return this.sendText(JSON.stringify({ type: "answer", sdp }));
  }

  /** Momo's candidate: `ice` with candidate, sdpMLineIndex, sdpMid, in that order. */
  candidate(candidate: string, sdpMLineIndex: number, sdpMid: string): string {
    return this.sendText(JSON.stringify({ type: "candidate", ice: { candidate, sdpMLineIndex, sdpMid } }));
  }

  /** Momo's Close(): a normal close. */
  leave(): void {
    this.socket.close(1000);
  }

  private sendText(text: string): string {
    this.socket.send(text);
    return text;
  }

  private onFrame(data: unknown): void {
    if (typeof data !== "string") return;
    const type = (JSON.parse(data) as { type?: unknown }).type;
    if (type === "ping") {
      this.armWatchdog();
      this.pongs += 1;
      this.socket.send('{"type":"pong"}');
    } else if (type === "bye") {
      this.leave();
    }
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.gaveUpAt = Date.now();
      this.socket.close(1000);
    }, this.watchdogMs);
  }
}

/** Momo's register frame, byte for byte (boost::json keeps insertion order). */
function momoRegisterFrame(roomId: string, options: Pick<MomoOptions, "clientId" | "signalingKey"> = {}): string {
  const frame: Record<string, unknown> = {
    type: "register",
    clientId: options.clientId ?? randomChars(32),
    roomId,
    ...MOMO_CLIENT_INFO,
  };
  if (options.signalingKey) frame.key = options.signalingKey;
  return JSON.stringify(frame);
}

function randomChars(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => alphabet[byte % alphabet.length]).join(
    "",
  );
}
