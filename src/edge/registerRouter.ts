// Stock signaling URLs (ROOM_ID_FROM_REGISTER): a `/signaling` upgrade that names no room. The Worker accepts
// the client's socket itself, waits for its `register`, opens a socket to that room's Durable Object (the
// upgrade's headers plus the room id header the object expects) and relays every frame both ways untouched,
// the `register` first. Until `register` the room's own rules apply here (machineRules.ts); after it the
// object applies them. The Worker holds both sockets for the whole session: unlike the object, it cannot
// hibernate (README "Stock signaling URLs").
import type { Config } from "../config";
import { log } from "../log";
import { frameEvent } from "../protocol/clientFrames";
import { ROOM_ID_HEADER } from "../room/RoomDurableObject";
import { MAX_ROOM_ID_BYTES } from "../routing";
import { closeBeforeRegister, closeForRegisterTimeout } from "./machineRules";
import { closeLike, LOST_CONNECTION_CLOSE, safeSend } from "./socketClose";

type Frame = string | ArrayBuffer;
type Closed = { code: number; reason: string };

/** The option is on and the URL names no room (no `?roomId=`, no `CF-Room-Id`; empty counts as none). */
export function routesByRegister(config: Config, request: Request, url: URL): boolean {
  return config.roomIdFromRegister && !url.searchParams.get("roomId") && !request.headers.get("cf-room-id");
}

/** Answers the upgrade with the client's socket and routes it once `register` arrives. */
export function routeByRegister(
  request: Request,
  config: Config,
  rooms: DurableObjectNamespace,
  ctx: ExecutionContext,
): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  // Binary frames stay binary; as ArrayBuffer, not the standard's default Blob (websocket_standard_binary_type).
  server.binaryType = "arraybuffer";
  new RegisterRouter(server, request, config, rooms, ctx);
  return new Response(null, { status: 101, webSocket: client });
}

class RegisterRouter {
  private phase: "awaitingRegister" | "connecting" | "relaying" | "done" = "awaitingRegister";
  /** Frames the client sent while the room's socket was being opened, `register` first. */
  private readonly queued: Frame[] = [];
  private room: WebSocket | undefined;
  private clientClosed: Closed | undefined;
  private roomClosed = false;
  private readonly registerTimer: ReturnType<typeof setTimeout>;
  private readTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: WebSocket,
    private readonly request: Request,
    private readonly config: Config,
    private readonly rooms: DurableObjectNamespace,
    private readonly ctx: ExecutionContext,
  ) {
    client.addEventListener("message", (event) => this.fromClient(event.data as Frame));
    client.addEventListener("close", (event) => this.clientGone({ code: event.code, reason: event.reason }));
    client.addEventListener("error", () => this.clientGone({ code: 1006, reason: "" }));
    // Timers are right here, unlike in the object: this is the Worker's own invocation, which lives exactly as
    // long as the client's socket and never hibernates, so a deadline cannot outlive it. A pong refreshes the
    // read deadline but not the register deadline.
    this.registerTimer = setTimeout(() => this.refuse(closeForRegisterTimeout(Date.now())), config.registerTimeoutMs);
    this.armReadTimer();
  }

  private fromClient(data: Frame): void {
    if (this.phase === "relaying") return safeSend(this.room!, data);
    if (this.phase === "connecting") return void this.queued.push(data);
    if (this.phase !== "awaitingRegister") return;
    const event = frameEvent(data, this.config.readLimitBytes, Date.now());
    if (event.type === "PONG") return this.armReadTimer();
    if (event.type !== "REGISTER") return this.refuse(closeBeforeRegister(event), event);
    const roomId = event.registration.roomId;
    if (new TextEncoder().encode(roomId).byteLength > MAX_ROOM_ID_BYTES) {
      const problem = `register.roomId: longer than ${MAX_ROOM_ID_BYTES} bytes`;
      return this.refuse(closeBeforeRegister({ type: "MALFORMED_FRAME", at: event.at, problem }), { problem });
    }
    this.stopTimers();
    this.phase = "connecting";
    this.queued.push(data);
    // The open sockets keep this request alive, except while the room's socket is being opened after the
    // client has already closed: the register and the close must still reach the room.
    this.ctx.waitUntil(this.connect(roomId));
  }

  private async connect(roomId: string): Promise<void> {
    let room: WebSocket | null;
    try {
      const headers = new Headers(this.request.headers);
      headers.set(ROOM_ID_HEADER, roomId);
      const response = await this.rooms.get(this.rooms.idFromName(roomId)).fetch(this.request.url, { method: "GET", headers });
      room = response.webSocket;
      if (response.status !== 101 || !room) throw new Error(`the room answered ${response.status}`);
    } catch (error) {
      log("error", "router.failed", { roomId, error: String(error) });
      this.phase = "done";
      if (!this.clientClosed) closeLike(this.client, LOST_CONNECTION_CLOSE.code, "room unavailable");
      return;
    }
    room.accept();
    room.binaryType = "arraybuffer";
    room.addEventListener("message", (event) => safeSend(this.client, event.data as Frame));
    room.addEventListener("close", (event) => this.roomGone({ code: event.code, reason: event.reason }));
    room.addEventListener("error", () => this.roomGone({ code: 1006, reason: "" }));
    this.room = room;
    this.phase = "relaying";
    log("info", "router.routed", { roomId });
    for (const frame of this.queued.splice(0)) safeSend(room, frame);
    if (this.clientClosed) closeLike(room, this.clientClosed.code, this.clientClosed.reason);
  }

  private clientGone(closed: Closed): void {
    if (this.clientClosed) return;
    this.clientClosed = closed;
    this.stopTimers();
    if (this.phase === "awaitingRegister") this.phase = "done";
    // While connecting, connect() carries the close across once the room's socket is open.
    if (this.phase === "relaying" && !this.roomClosed) closeLike(this.room!, closed.code, closed.reason);
  }

  private roomGone(closed: Closed): void {
    if (this.roomClosed) return;
    this.roomClosed = true;
    this.phase = "done";
    if (!this.clientClosed) closeLike(this.client, closed.code, closed.reason);
  }

  /** Closes a client that broke a rule before `register`, as the room would have. */
  private refuse(close: { code: number; reason: string } | undefined, detail: { type?: string; problem?: string; bytes?: number } = {}): void {
    if (this.phase !== "awaitingRegister") return;
    this.phase = "done";
    this.stopTimers();
    const { code, reason } = close ?? { code: 1000, reason: "protocol error" };
    log(reason.startsWith("protocol error") || code === 1009 ? "warn" : "info", "router.closing", {
      code,
      reason,
      event: detail.type,
      problem: detail.problem,
      bytes: detail.bytes,
    });
    closeLike(this.client, code, reason);
  }

  private armReadTimer(): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(
      () => this.refuse(closeBeforeRegister({ type: "READ_TIMEOUT", at: Date.now() })),
      this.config.readTimeoutMs,
    );
  }

  private stopTimers(): void {
    clearTimeout(this.registerTimer);
    clearTimeout(this.readTimer);
  }
}
