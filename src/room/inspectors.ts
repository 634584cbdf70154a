// The room's inspector sockets (docs/inspector.md): read-only watchers of its machines. They are hibernatable
// and found again by their tag after a wake-up, hold no slot, write no attachment, and are not counted by
// admission. `watched` is the one thing an unwatched room pays per step: a boolean, kept on connect and close
// and recomputed when the object wakes up.
import type { ConnectionContext, ConnectionEvent } from "../../machines/connection.types";
import type { RoomContext, RoomEvent } from "../../machines/room.types";
import {
  connectionActor,
  connectionSnapshot,
  eventTaken,
  ROOM_SESSION,
  roomActor,
  roomSnapshot,
} from "../inspect/inspectionEvents";
import { INSPECT_PROTOCOL } from "../protocol/inspect";
import { safeSend } from "./sockets";

const INSPECTOR_TAG = "inspector";

interface Snapshot<C> {
  status: string;
  value: unknown;
  context: C;
}

export class Inspectors {
  watched: boolean;

  constructor(private readonly ctx: DurableObjectState) {
    this.watched = ctx.getWebSockets(INSPECTOR_TAG).length > 0;
  }

  /** A new inspector: refused beyond `max`; else it first learns the room and every connection as they are. */
  accept(
    request: Request,
    max: number,
    room: Snapshot<RoomContext>,
    connections: Iterable<Snapshot<ConnectionContext>>,
  ): Response {
    if (this.ctx.getWebSockets(INSPECTOR_TAG).length >= max) {
      return new Response("Too many inspectors in this room", { status: 429, headers: { "retry-after": "10" } });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [INSPECTOR_TAG]);
    this.watched = true;
    safeSend(server, JSON.stringify(roomActor(room)));
    for (const connection of connections)
      safeSend(server, JSON.stringify(connectionActor(connection.context.connectionId, connection)));
    const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    const headers = offered.includes(INSPECT_PROTOCOL) ? { "sec-websocket-protocol": INSPECT_PROTOCOL } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** A socket without a connection is gone (an inspector's close or error): is anyone still watching? */
  closed(ws: WebSocket): void {
    this.watched = this.ctx
      .getWebSockets(INSPECTOR_TAG)
      .some((other) => other !== ws && other.readyState === WebSocket.OPEN);
  }

  connectionStarted(snapshot: Snapshot<ConnectionContext>): void {
    this.send(connectionActor(snapshot.context.connectionId, snapshot));
  }

  /** `from`: the room, when the room machine sent the event; else it came from outside (a frame, a deadline). */
  connectionStepped(
    connectionId: string,
    event: ConnectionEvent,
    from: "room" | undefined,
    snapshot: Snapshot<ConnectionContext>,
  ): void {
    this.send(eventTaken(connectionId, event, from === "room" ? ROOM_SESSION : undefined));
    this.send(connectionSnapshot(connectionId, event, snapshot));
  }

  /** `from`: the connection whose machine sent the event (undefined for a wake-up's settling). */
  roomStepped(event: RoomEvent, from: string | undefined, snapshot: Snapshot<RoomContext>): void {
    this.send(eventTaken(ROOM_SESSION, event, from));
    this.send(roomSnapshot(event, snapshot));
  }

  private send(frame: object): void {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets(INSPECTOR_TAG)) safeSend(ws, text);
  }
}
