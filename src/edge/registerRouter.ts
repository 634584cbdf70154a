// Stock signaling URLs (ROOM_ID_FROM_REGISTER): a `/signaling` upgrade that names no room. The Worker accepts
// the client's socket itself and runs the socket's own connection machine (machines/connection.ts) until
// `register`: the same rules, deadlines and closes as in the room, from the same steps (a socket routed by
// its register has an empty room id until then). When the machine takes the `register` — it asks for a slot,
// the authentication webhook or TURN credentials — the client is handed to that room's Durable Object: the
// Worker opens a socket to it (the upgrade's headers plus the room id header) and relays every frame both
// ways untouched, the `register` first, and from then on the object's machine decides. The Worker holds both
// sockets for the whole session: unlike the object, it cannot hibernate (README "Stock signaling URLs").
import type { ConnectionEffectName, ConnectionEffectParams } from "../../machines/connection";
import { type ConnectionEvent, PROBLEM_OUTCOMES } from "../../machines/connection.types";
import { dueDeadlineEvent, earliestDeadline } from "../../machines/deadlines";
import type { RoomEvent } from "../../machines/room.types";
import { type Config, connectionSettings } from "../config";
import { log } from "../log";
import { frameEvent } from "../protocol/clientFrames";
import { ROOM_ID_HEADER, ROUTING_HEADER } from "../room/RoomDurableObject";
import { connectionSteps } from "../stepping/machineSteps";
import { closeLike, LOST_CONNECTION_CLOSE, safeSend } from "./socketClose";

type Frame = string | ArrayBuffer;
/** The event a step took, and the client frame it came from (none for a deadline or a close). */
type Cause = { event: ConnectionEvent; frame?: Frame };

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
  private readonly steps;
  private snapshot;
  /** Set when the machine took the `register`: the room's socket, once open (undefined if it failed). */
  private room: Promise<WebSocket | undefined> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * What the connection machine's effects mean before `register`, in the Worker. Taking the `register`
   * (whichever of the three it asks for first) hands the client to the room, whose own machine then does
   * all of it again; before that nothing is sent, and no disconnect webhook is called: no room knew the socket.
   */
  private readonly effects: { [K in ConnectionEffectName]: (params: ConnectionEffectParams[K], cause: Cause) => void } =
    {
      callAuthnWebhook: (_, { frame }) => this.handOff(frame),
      requestTurnCredentials: (_, { frame }) => this.handOff(frame),
      closeSocket: ({ code, reason, outcome }, { event }) => {
        // The machine's outcome table says which closes are problems (warn), like the room's connection.problem;
        // what was wrong, never what the client sent.
        log(PROBLEM_OUTCOMES.has(outcome) ? "warn" : "info", "router.closing", {
          code,
          reason,
          outcome,
          frameType: event.type === "UNEXPECTED_FRAME" ? event.frameType : undefined,
          problem: "problem" in event ? event.problem : undefined,
          bytes: event.type === "OVERSIZED_FRAME" ? event.bytes : undefined,
        });
        closeLike(this.client, code, reason);
      },
      sendAccept: () => {},
      sendReject: () => {},
      sendPing: () => {},
      sendBye: () => {},
      relayToPeer: () => {},
      callDisconnectWebhook: () => {},
      logSummary: () => {},
      recordMetrics: () => {},
    };

  /** The machine's messages to the room machine: asking for a slot hands the client to the room, too. */
  private readonly messages: { [K in RoomEvent["type"]]: (cause: Cause) => void } = {
    JOIN: ({ frame }) => this.handOff(frame),
    LEAVE: () => {},
  };

  constructor(
    private readonly client: WebSocket,
    private readonly request: Request,
    private readonly config: Config,
    private readonly rooms: DurableObjectNamespace,
    private readonly ctx: ExecutionContext,
  ) {
    const settings = connectionSettings(config);
    this.steps = connectionSteps(settings);
    [this.snapshot] = this.steps.initialTransition({
      connectionId: "",
      roomId: "",
      routing: "register",
      now: Date.now(),
      settings,
    });
    client.addEventListener("message", (event) => this.fromClient(event.data as Frame));
    client.addEventListener("close", (event) => this.clientGone(event.code, event.reason));
    client.addEventListener("error", () => this.clientGone(1006, ""));
    this.armTimer();
  }

  private fromClient(data: Frame): void {
    if (this.room) return void this.room.then((room) => room && safeSend(room, data));
    this.step(frameEvent(data, this.config.readLimitBytes, Date.now()), data);
  }

  private clientGone(code: number, reason: string): void {
    if (this.room) return void this.room.then((room) => room && closeLike(room, code, reason));
    this.step({ type: "SOCKET_CLOSED", at: Date.now(), code, reason });
  }

  /** One event for the machine, and what it orders; then the timer for its earliest deadline. */
  private step(event: ConnectionEvent, frame?: Frame): void {
    if (this.snapshot.status !== "active") return;
    const [next, actions] = this.steps.transition(this.snapshot, event);
    this.snapshot = next;
    const cause = { event, frame };
    for (const action of actions) {
      if ((action.type as string) === "xstate.emit")
        this.messages[(action.params as { event: RoomEvent }).event.type](cause);
      else
        (this.effects[action.type as ConnectionEffectName] as (params: unknown, cause: Cause) => void)(
          action.params,
          cause,
        );
    }
    this.armTimer();
  }

  /** Deadlines are the machine's data, as in the room; here the Worker's own invocation lives as long as the socket. */
  private armTimer(): void {
    clearTimeout(this.timer);
    const at =
      this.room || this.snapshot.status !== "active" ? null : earliestDeadline(this.snapshot.context.deadlines);
    if (at === null) return;
    this.timer = setTimeout(
      () => {
        const due = dueDeadlineEvent(this.snapshot.context.deadlines, Date.now());
        if (due) this.step(due);
        else this.armTimer();
      },
      Math.max(0, at - Date.now()),
    );
  }

  private handOff(frame: Frame | undefined): void {
    if (this.room || frame === undefined) return;
    // The open sockets keep this request alive, except while the room's socket is being opened after the
    // client has already closed: the register and the close must still reach the room.
    this.room = this.connect(this.snapshot.context.roomId, frame);
    this.ctx.waitUntil(this.room);
    this.armTimer();
  }

  private async connect(roomId: string, register: Frame): Promise<WebSocket | undefined> {
    let room: WebSocket | null;
    try {
      const headers = new Headers(this.request.headers);
      headers.set(ROOM_ID_HEADER, roomId);
      headers.set(ROUTING_HEADER, "register");
      const response = await this.rooms
        .get(this.rooms.idFromName(roomId))
        .fetch(this.request.url, { method: "GET", headers });
      room = response.webSocket;
      if (response.status !== 101 || !room) throw new Error(`the room answered ${response.status}`);
    } catch (error) {
      log("error", "router.failed", { roomId, error: String(error) });
      closeLike(this.client, LOST_CONNECTION_CLOSE.code, "room unavailable");
      return undefined;
    }
    room.accept();
    room.binaryType = "arraybuffer";
    room.addEventListener("message", (event) => safeSend(this.client, event.data as Frame));
    room.addEventListener("close", (event) => closeLike(this.client, event.code, event.reason));
    room.addEventListener("error", () => closeLike(this.client, 1006, ""));
    log("info", "router.routed", { roomId });
    safeSend(room, register);
    return room;
  }
}
