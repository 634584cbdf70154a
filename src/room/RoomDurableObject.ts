// The Durable Object shell of one Ayame room.
//
// It owns sockets, the alarm and the webhooks, and nothing else: every decision is made by the pure
// machines in machines/. Each input (frame, close, alarm, webhook answer) becomes a machine event; the
// effect actions the machines return are executed here, in order, through one queue.
// Hibernation API: https://developers.cloudflare.com/durable-objects/best-practices/websockets/
import { DurableObject } from "cloudflare:workers";
import { ulid } from "ulidx";
import type { SnapshotFrom } from "xstate";
import { connectionMachine } from "../../machines/connection";
import type { ConnectionEvent, ConnectionSettings } from "../../machines/connection.types";
import { dueTimerEvent, earliestDeadline } from "../../machines/deadlines";
import { roomMachine } from "../../machines/room";
import type { Occupant, RoomEvent } from "../../machines/room.types";
import { configOf, type Config } from "../config";
import { log, setLogLevel } from "../log";
import { acceptFrame, BYE_FRAME, PING_FRAME, rejectFrame } from "../protocol/serverFrames";
import { authnRequestBody, callAuthnWebhook, type AuthnOutcome } from "../webhooks/authn";
import { callDisconnectWebhook } from "../webhooks/disconnect";
import { isConnectionAttachment, type ConnectionAttachment } from "./attachment";
import { copyHeaders } from "./copiedHeaders";
import { frameEvent } from "./frameEvent";
import { pureTransitions } from "./pureTransition";

/** Internal header by which the Worker tells the object which room id the client asked for. */
export const ROOM_ID_HEADER = "x-ayame-room-id";

type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;
type RoomSnapshot = SnapshotFrom<typeof roomMachine>;

interface Connection {
  ws: WebSocket;
  snapshot: ConnectionSnapshot;
  headers: Array<[string, string]>;
  /** The JSON last written with serializeAttachment, to skip writes that change nothing. */
  persisted: string;
}

type Work =
  | { to: "connection"; connection: Connection; event: ConnectionEvent }
  | { to: "room"; event: RoomEvent };

const REGISTERED_STATES = ["waiting", "paired", "standalone"] as const;

/** Only builds the never-started actor behind pureTransitions' scope. */
const SAMPLE_CONNECTION_INPUT = {
  connectionId: "",
  roomId: "",
  now: 0,
  settings: { authnEnabled: false, typeMessage: false, pingIntervalMs: 1, pongTimeoutMs: 1, readTimeoutMs: 1 },
};

export class RoomDurableObject extends DurableObject<Env> {
  private readonly config: Config | undefined;
  private readonly connectionLogic;
  private readonly roomLogic;
  private readonly connectionSteps;
  private readonly roomSteps;
  private readonly byId = new Map<string, Connection>();
  private readonly bySocket = new Map<WebSocket, Connection>();
  /** Sockets whose machine already finished here: a late second close/error event must not restore them. */
  private readonly finished = new WeakSet<WebSocket>();
  private room: RoomSnapshot;
  private readonly queue: Work[] = [];
  private draining = false;
  private readonly dirty = new Set<Connection>();
  /** The occupants as of the last flush (the room machine's `assign` makes a new array on every change). */
  private flushedOccupants: readonly Occupant[] | undefined = undefined;
  /** The alarm time we last asked for; undefined until known (after a wake-up we do not know it). */
  private armedAlarm: number | null | undefined = undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const parsed = configOf(env);
    this.config = parsed.ok ? parsed.config : undefined;
    if (this.config) setLogLevel(this.config.logLevel);
    this.connectionLogic = connectionMachine.provide({ actions: this.connectionEffects() });
    this.roomLogic = roomMachine.provide({ actions: this.roomEffects() });
    this.connectionSteps = pureTransitions(this.connectionLogic, SAMPLE_CONNECTION_INPUT);
    this.roomSteps = pureTransitions(this.roomLogic, { occupants: [] });
    this.room = this.restoreConnectionsAndRoom();
    if (this.queue.length > 0) this.drain();
  }

  /** Overridable for tests that drive time from outside. */
  protected now(): number {
    return Date.now();
  }

  // ---- inputs -----------------------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    const config = this.config;
    if (!config) return new Response("invalid configuration", { status: 500 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Upgrade Required", { status: 426 });
    }
    const roomId = request.headers.get(ROOM_ID_HEADER);
    if (!roomId) return new Response("missing room id", { status: 400 });

    const { 0: client, 1: server } = new WebSocketPair();
    const connectionId = ulid();
    // The tag lets us find a socket by connection id after hibernation.
    this.ctx.acceptWebSocket(server, [connectionId]);
    const [snapshot] = this.connectionSteps.initialTransition({
      connectionId,
      roomId,
      now: this.now(),
      settings: connectionSettings(config),
    });
    const connection: Connection = {
      ws: server,
      snapshot,
      headers: copyHeaders(request, config.copyWebSocketHeaderNames, { roomId, connectionId }),
      persisted: "",
    };
    this.track(connection);
    this.dirty.add(connection);
    log("info", "socket.accepted", { roomId, connectionId });
    this.flush();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const connection = this.bySocket.get(ws);
    if (!connection || !this.config) return;
    this.enqueue({ to: "connection", connection, event: frameEvent(message, this.config.readLimitBytes, this.now()) });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.socketGone(ws, code, reason);
    // Hibernated sockets do not answer a client's Close frame by themselves: without this reply the client
    // waits in CLOSING (Chromium for 10 s) and then reports 1006. The web SDK awaits that in disconnect().
    replyToClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    this.socketGone(ws, 1006, String(error));
  }

  override async alarm(): Promise<void> {
    // Alarms can repeat or come late: only deadlines that really passed produce events.
    const now = this.now();
    this.armedAlarm = undefined;
    for (const connection of this.byId.values()) {
      const event = dueTimerEvent(this.deadlineView(connection), now);
      if (event) this.queue.push({ to: "connection", connection, event });
    }
    this.drain();
  }

  private socketGone(ws: WebSocket, code: number, reason: string): void {
    // A close can be what wakes the object; getWebSockets() then no longer lists the closing socket, so it
    // was not restored with the others. Its attachment is still readable: restore it, or its close (and its
    // disconnect webhook) would be lost.
    const connection = this.bySocket.get(ws) ?? this.restoreConnection(ws);
    if (!connection) return;
    this.enqueue({ to: "connection", connection, event: { type: "SOCKET_CLOSED", code, reason } });
  }

  private authnAnswered(connectionId: string, outcome: AuthnOutcome): void {
    // A socket that closed meanwhile is gone from the map (or no longer authenticating): the answer is dropped.
    const connection = this.byId.get(connectionId);
    if (!connection) return;
    const event: ConnectionEvent =
      outcome.kind === "allowed"
        ? { type: "AUTHN_ALLOWED", iceServers: outcome.iceServers, authzMetadata: outcome.authzMetadata }
        : outcome.kind === "denied"
          ? { type: "AUTHN_DENIED", reason: outcome.reason }
          : { type: "AUTHN_FAILED", problem: outcome.problem };
    this.enqueue({ to: "connection", connection, event });
  }

  // ---- the queue: one event at a time, effects in order ------------------------------------------------

  private enqueue(work: Work): void {
    this.queue.push(work);
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      let work: Work | undefined;
      while ((work = this.queue.shift())) {
        try {
          if (work.to === "room") this.stepRoom(work.event);
          else this.stepConnection(work.connection, work.event);
        } catch (error) {
          log("error", "machine.error", { error: String(error), stack: (error as Error).stack });
        }
      }
    } finally {
      this.draining = false;
    }
    this.flush();
  }

  private stepConnection(connection: Connection, event: ConnectionEvent): void {
    if (connection.snapshot.status === "done") return;
    const [next, actions] = this.connectionSteps.transition(connection.snapshot, event);
    connection.snapshot = next;
    this.dirty.add(connection);
    if (event.type === "REGISTER" && !next.matches("tearingDown")) {
      const { roomId, connectionId, clientId, standalone } = next.context;
      log("info", "connection.registered", { roomId, connectionId, clientId, standalone });
    }
    for (const action of actions) action.exec?.(action.info, action.params);
    if (next.status === "done") this.untrack(connection);
  }

  private stepRoom(event: RoomEvent): void {
    const [next, actions] = this.roomSteps.transition(this.room, event);
    this.room = next;
    for (const action of actions) action.exec?.(action.info, action.params);
  }

  /** Persist what changed and re-arm the alarm for the earliest deadline. */
  private flush(): void {
    // Every attachment carries the occupants, so a change of occupants is a change of every attachment.
    const occupants = this.room.context.occupants;
    if (occupants !== this.flushedOccupants) {
      this.flushedOccupants = occupants;
      for (const connection of this.byId.values()) this.dirty.add(connection);
    }
    for (const connection of this.dirty) this.persist(connection);
    this.dirty.clear();
    this.scheduleNextAlarm();
  }

  private persist(connection: Connection): void {
    if (connection.snapshot.status === "done") return;
    const attachment: ConnectionAttachment = {
      v: 1,
      value: connection.snapshot.value,
      context: connection.snapshot.context,
      headers: connection.headers,
      occupants: this.room.context.occupants,
    };
    const json = JSON.stringify(attachment);
    if (json === connection.persisted) return;
    try {
      connection.ws.serializeAttachment(attachment);
      connection.persisted = json;
    } catch (error) {
      log("error", "attachment.error", { connectionId: connection.snapshot.context.connectionId, error: String(error) });
    }
  }

  private scheduleNextAlarm(): void {
    let next: number | null = null;
    for (const connection of this.byId.values()) {
      const deadline = earliestDeadline(this.deadlineView(connection));
      if (deadline !== null && (next === null || deadline < next)) next = deadline;
    }
    if (next === this.armedAlarm) return;
    this.armedAlarm = next;
    const storage = this.ctx.storage;
    // Unconfirmed: an alarm write need not hold back `accept` or a relayed frame (the output gate). If it
    // fails, the catch below makes the next flush write it again.
    const options = { allowUnconfirmed: true };
    const done = next === null ? storage.deleteAlarm(options) : storage.setAlarm(next, options);
    done.catch((error: unknown) => {
      // Forget what we asked for, so that the next flush asks again (seen: SQLITE_BUSY under load).
      if (this.armedAlarm === next) this.armedAlarm = undefined;
      log("error", "alarm.error", { error: String(error) });
    });
  }

  // ---- effects ------------------------------------------------------------------------------------------

  private connectionEffects() {
    type Args = { context: ConnectionSnapshot["context"]; event: ConnectionEvent };
    const self = (context: Args["context"]) => this.byId.get(context.connectionId);
    const send = (context: Args["context"], frame: string) => {
      const connection = self(context);
      if (connection) safeSend(connection.ws, frame);
    };
    return {
      callAuthnWebhook: ({ context, event }: Args) => {
        const url = this.config?.authnWebhookUrl;
        if (!url || event.type !== "REGISTER") return;
        const connection = self(context);
        const body = authnRequestBody(context, event.registration);
        const connectionId = context.connectionId;
        this.ctx.waitUntil(
          callAuthnWebhook(url, body, connection?.headers ?? [], this.config!.webhookTimeoutMs).then((outcome) =>
            this.authnAnswered(connectionId, outcome),
          ),
        );
      },
      requestSlot: ({ context }: Args) => {
        this.queue.push({ to: "room", event: { type: "JOIN", connectionId: context.connectionId, standalone: context.standalone } });
      },
      sendAccept: ({ context, event }: Args) => {
        const isExistUser = event.type === "SLOT_GRANTED" && event.isExistUser;
        send(context, acceptFrame(context.connectionId, isExistUser, context.grant));
        log("info", "connection.accepted", {
          roomId: context.roomId,
          connectionId: context.connectionId,
          clientId: context.clientId,
          isExistUser,
          standalone: context.standalone,
        });
      },
      sendReject: ({ context, event }: Args, params: { reason?: string }) => {
        const reason = params.reason ?? (event.type === "AUTHN_DENIED" ? event.reason : "InternalServerError");
        send(context, rejectFrame(reason));
        log("info", "connection.rejected", {
          roomId: context.roomId,
          connectionId: context.connectionId,
          reason,
          problem: event.type === "AUTHN_FAILED" ? event.problem : undefined,
        });
      },
      sendPing: ({ context }: Args) => send(context, PING_FRAME),
      sendBye: ({ context }: Args) => send(context, BYE_FRAME),
      relayToPeer: ({ context, event }: Args) => {
        if (event.type !== "RELAY") return;
        const peer = this.peerOf(context.connectionId);
        if (peer) safeSend(peer.ws, event.raw);
      },
      closeSocket: ({ context, event }: Args, params: { code: number; reason: string }) => {
        const connection = self(context);
        log(params.reason.startsWith("protocol error") ? "warn" : "info", "connection.closing", {
          roomId: context.roomId,
          connectionId: context.connectionId,
          code: params.code,
          reason: params.reason,
          frameType: "frameType" in event ? event.frameType : undefined,
          problem: "problem" in event ? event.problem : undefined,
          bytes: "bytes" in event ? event.bytes : undefined,
        });
        if (connection) safeClose(connection.ws, params.code, params.reason);
      },
      leaveRoom: ({ context }: Args) => {
        this.queue.push({ to: "room", event: { type: "LEAVE", connectionId: context.connectionId } });
      },
      callDisconnectWebhook: ({ context, event }: Args) => {
        log("info", "connection.closed", {
          roomId: context.roomId,
          connectionId: context.connectionId,
          clientId: context.clientId,
          code: event.type === "SOCKET_CLOSED" ? event.code : undefined,
          reason: event.type === "SOCKET_CLOSED" ? event.reason : undefined,
          by: event.type === "SOCKET_CLOSED" ? "client" : "server",
        });
        const url = this.config?.disconnectWebhookUrl;
        if (!url) return;
        const headers = self(context)?.headers ?? [];
        const body = { roomId: context.roomId, clientId: context.clientId, connectionId: context.connectionId };
        this.ctx.waitUntil(callDisconnectWebhook(url, body, headers, this.config!.webhookTimeoutMs));
      },
    };
  }

  private roomEffects() {
    type Args = { context: RoomSnapshot["context"]; event: RoomEvent };
    const toConnection = (connectionId: string | undefined, event: ConnectionEvent) => {
      const connection = connectionId === undefined ? undefined : this.byId.get(connectionId);
      if (connection) this.queue.push({ to: "connection", connection, event });
    };
    return {
      grantSlot: ({ context, event }: Args) =>
        toConnection(event.connectionId, { type: "SLOT_GRANTED", at: this.now(), isExistUser: context.occupants.length > 1 }),
      refuseSlot: ({ event }: Args) => toConnection(event.connectionId, { type: "SLOT_REFUSED" }),
      notifyPeerJoined: ({ context, event }: Args) =>
        toConnection(otherOccupant(context.occupants, event.connectionId)?.connectionId, { type: "PEER_JOINED" }),
      releaseSurvivor: ({ context, event }: Args) => {
        const leaver = context.occupants.find((o) => o.connectionId === event.connectionId);
        const survivor = otherOccupant(context.occupants, event.connectionId);
        if (!survivor) return;
        const sendBye = !(leaver?.standalone ?? false) && !survivor.standalone;
        toConnection(survivor.connectionId, { type: "PEER_LEFT", sendBye });
      },
    };
  }

  // ---- bookkeeping -------------------------------------------------------------------------------------

  private track(connection: Connection): void {
    this.byId.set(connection.snapshot.context.connectionId, connection);
    this.bySocket.set(connection.ws, connection);
  }

  private untrack(connection: Connection): void {
    this.byId.delete(connection.snapshot.context.connectionId);
    this.bySocket.delete(connection.ws);
    this.dirty.delete(connection);
    this.finished.add(connection.ws);
  }

  private deadlineView(connection: Connection) {
    return { active: connection.snapshot.matches("active"), context: connection.snapshot.context };
  }

  private peerOf(connectionId: string): Connection | undefined {
    const peer = otherOccupant(this.room.context.occupants, connectionId);
    const isOccupant = this.room.context.occupants.some((o) => o.connectionId === connectionId);
    return isOccupant && peer ? this.byId.get(peer.connectionId) : undefined;
  }

  private restoreConnection(ws: WebSocket): Connection | undefined {
    if (this.finished.has(ws)) return undefined;
    let attachment: unknown;
    try {
      attachment = ws.deserializeAttachment();
    } catch {
      return undefined;
    }
    if (!isConnectionAttachment(attachment) || this.byId.has(attachment.context.connectionId)) return undefined;
    return this.trackAttachment(ws, attachment);
  }

  private trackAttachment(ws: WebSocket, attachment: ConnectionAttachment): Connection {
    const snapshot = this.connectionLogic.resolveState({ value: attachment.value, context: attachment.context });
    const connection: Connection = { ws, snapshot, headers: attachment.headers, persisted: JSON.stringify(attachment) };
    this.track(connection);
    return connection;
  }

  /**
   * After a wake-up the live sockets are the truth: rebuild every connection from its attachment and the
   * room's occupancy from the registered ones. A socket whose close woke us is no longer listed, but its
   * peer's attachment remembers it (and whether it was standalone): it is put back into the room and made to
   * leave, so the room machine decides about `bye` as if we had been awake. Anything a crash left half-done
   * is settled through events.
   */
  private restoreConnectionsAndRoom(): RoomSnapshot {
    const listed = new Set<string>();
    const registered = new Map<string, Occupant>();
    const remembered = new Map<string, Occupant>();
    for (const ws of this.ctx.getWebSockets()) {
      const attachment: unknown = ws.deserializeAttachment();
      if (!isConnectionAttachment(attachment)) continue;
      const { snapshot } = this.trackAttachment(ws, attachment);
      const { connectionId, standalone } = attachment.context;
      listed.add(connectionId);
      if (REGISTERED_STATES.some((state) => snapshot.matches({ active: state }))) {
        registered.set(connectionId, { connectionId, standalone });
        for (const occupant of attachment.occupants ?? []) remembered.set(occupant.connectionId, occupant);
      }
    }
    // In arrival order. A remembered occupant that is still listed but no longer registered has left already.
    const occupants = [...remembered.values()].filter((o) => registered.has(o.connectionId) || !listed.has(o.connectionId));
    for (const occupant of registered.values()) if (!remembered.has(occupant.connectionId)) occupants.push(occupant);
    const value = occupants.length === 0 ? "empty" : occupants.length === 1 ? "waiting" : "paired";
    const room = this.roomLogic.resolveState({ value, context: { occupants: occupants.slice(0, 2) } });
    for (const gone of occupants) {
      if (!listed.has(gone.connectionId)) this.queue.push({ to: "room", event: { type: "LEAVE", connectionId: gone.connectionId } });
    }
    // Attachments written before `occupants` existed: a socket that believes it is paired but has no peer any
    // more lost it while we were away.
    if (occupants.length === 1) {
      const alone = this.byId.get(occupants[0]!.connectionId);
      if (alone?.snapshot.matches({ active: "paired" })) {
        this.queue.push({ to: "connection", connection: alone, event: { type: "PEER_LEFT", sendBye: true } });
      }
    }
    return room;
  }
}

function connectionSettings(config: Config): ConnectionSettings {
  return {
    authnEnabled: config.authnWebhookUrl !== undefined,
    typeMessage: config.typeMessage,
    pingIntervalMs: config.pingIntervalMs,
    pongTimeoutMs: config.pongTimeoutMs,
    readTimeoutMs: config.readTimeoutMs,
  };
}

function otherOccupant(occupants: readonly Occupant[], connectionId: string): Occupant | undefined {
  return occupants.find((o) => o.connectionId !== connectionId);
}

function safeSend(ws: WebSocket, frame: string): void {
  try {
    ws.send(frame);
  } catch {
    // The socket is already closing; its close event will arrive and tear it down.
  }
}

/**
 * Completes a close handshake the client started by echoing its code (RFC 6455 5.5.1): a Close frame without
 * a code (1005) is answered with one without a code. 1006 and 1015 mean no Close frame came: nothing to answer.
 */
function replyToClose(ws: WebSocket, code: number, reason: string): void {
  if (code === 1006 || code === 1015) return;
  try {
    if (code === 1005) ws.close();
    else ws.close(code, reason);
  } catch {
    // A code the runtime will not send, or already closed.
    safeClose(ws, 1000, "");
  }
}

function safeClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}
