// The sockets of one room and their connection machines: tracking, attachments, and the rebuild after a
// wake-up. Which room state the live sockets add up to is decided by machines/restore.ts, not here.
import type { SnapshotFrom, StateValue } from "xstate";
import type { connectionMachine } from "../../machines/connection";
import type { ConnectionSettings } from "../../machines/connection.types";
import { earliestDeadline } from "../../machines/deadlines";
import { type ListedConnection, type RestoredRoom, restoreRoom } from "../../machines/restore";
import type { Occupant } from "../../machines/room.types";
import { log } from "../log";
import { readAttachment, toAttachment } from "./attachment";
import { type ConnectionStats, newStats } from "./connectionStats";

export type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;

export interface Connection {
  readonly ws: WebSocket;
  readonly id: string;
  snapshot: ConnectionSnapshot;
  readonly headers: Array<[string, string]>;
  /** What the attachment was last written from, to skip writes (and their JSON) that change nothing. */
  persisted: Persisted | undefined;
  readonly stats: ConnectionStats;
}

/**
 * The state value, context and occupants an attachment was written from. `assign` keeps the context's fields
 * that it does not change by reference (refreshReadDeadline keeps its deadlines while the quantised read
 * deadline stays), so most frames are seen to change nothing by comparing a few references, without
 * serialising anything; a new reference is a real change and is written without comparing contents first.
 */
interface Persisted {
  value: ConnectionSnapshot["value"];
  context: ConnectionSnapshot["context"];
  /** Only accepted sockets' attachments carry the occupants. */
  accepted: boolean;
  occupants: readonly Occupant[] | undefined;
  /** Only after a wake-up, when nothing is known by reference: the attachment as read, as JSON. */
  json?: string;
}

/** The attachment's size as JSON, for the error line (the limit is 16 KiB); never the content. */
function jsonBytes(attachment: object): number | undefined {
  try {
    return JSON.stringify(attachment).length;
  } catch {
    return undefined;
  }
}

/** State values are small trees of strings (`{ active: { accepted: { pinged: "paired" } } }`). */
function sameValue(a: StateValue, b: StateValue): boolean {
  if (a === b) return true;
  if (typeof a === "string" || typeof b === "string") return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const inner = b[key];
    if (inner === undefined || !sameValue(a[key] as StateValue, inner)) return false;
  }
  return true;
}

function sameFields(a: object, b: object): boolean {
  if (a === b) return true;
  for (const key in a) if (a[key as keyof typeof a] !== b[key as keyof typeof b]) return false;
  return true;
}

type Resolve = (state: Pick<ConnectionSnapshot, "value" | "context">) => ConnectionSnapshot;

export class ConnectionRegistry {
  private readonly byId = new Map<string, Connection>();
  private readonly bySocket = new Map<WebSocket, Connection>();

  constructor(
    private readonly resolve: Resolve,
    private readonly settings: ConnectionSettings,
  ) {}

  get(connectionId: string): Connection | undefined {
    return this.byId.get(connectionId);
  }

  forSocket(ws: WebSocket): Connection | undefined {
    return this.bySocket.get(ws);
  }

  all(): IterableIterator<Connection> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  track(ws: WebSocket, snapshot: ConnectionSnapshot, headers: Array<[string, string]>, restored = false): Connection {
    const connection: Connection = {
      ws,
      id: snapshot.context.connectionId,
      snapshot,
      headers,
      persisted: undefined,
      stats: newStats(restored),
    };
    this.byId.set(connection.id, connection);
    this.bySocket.set(ws, connection);
    return connection;
  }

  /** The machine finished: forget the socket, and mark its attachment so that no wake-up restores it. */
  finish(connection: Connection, { keepTracking = false } = {}): void {
    if (!keepTracking) {
      this.byId.delete(connection.id);
      this.bySocket.delete(connection.ws);
    }
    try {
      connection.ws.serializeAttachment(null);
    } catch {
      // Already gone: nothing will list it again.
    }
  }

  /** Writes the attachment if it changed. False when it could not be written. */
  persist(connection: Connection, occupants: readonly Occupant[]): boolean {
    const { value, context } = connection.snapshot;
    const last = connection.persisted;
    if (
      last &&
      sameValue(last.value, value) &&
      (!last.accepted || last.occupants === occupants) &&
      sameFields(last.context, context)
    ) {
      return true;
    }
    const accepted = connection.snapshot.hasTag("accepted");
    const attachment = toAttachment(value, context, connection.headers, accepted ? occupants : undefined);
    if (last?.json !== undefined && last.json === JSON.stringify(attachment)) {
      connection.persisted = { value, context, accepted, occupants };
      return true;
    }
    try {
      connection.ws.serializeAttachment(attachment);
      connection.persisted = { value, context, accepted, occupants };
      return true;
    } catch (error) {
      log("error", "attachment.error", {
        connectionId: connection.id,
        bytes: jsonBytes(attachment),
        error: String(error),
      });
      // What is stored is stale now: a wake-up must not restore it.
      this.finish(connection, { keepTracking: true });
      return false;
    }
  }

  earliestDeadline(): number | null {
    let next: number | null = null;
    for (const connection of this.byId.values()) {
      const at = earliestDeadline(connection.snapshot.context.deadlines);
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  /** After a wake-up: every listed socket with a usable attachment is tracked again; the room is rebuilt. */
  restore(sockets: WebSocket[]): RestoredRoom {
    const listed: ListedConnection[] = [];
    for (const ws of sockets) {
      const restored = this.restoreSocket(ws);
      if (!restored) continue;
      const { tags, context } = restored.connection.snapshot;
      const { connectionId, standalone, peerId } = context;
      listed.push({ connectionId, tags, standalone, peerId, occupants: restored.occupants });
    }
    const restored = restoreRoom(listed);
    for (const connectionId of restored.discard) {
      const connection = this.byId.get(connectionId);
      if (connection)
        this.close(connection.ws, connection.snapshot.context, "more sockets claim a slot than the room has");
    }
    return restored;
  }

  /** One socket from its attachment (also a socket whose close woke the object and is no longer listed). */
  restoreSocket(ws: WebSocket): { connection: Connection; occupants?: Occupant[] } | undefined {
    const known = this.bySocket.get(ws);
    if (known) return { connection: known };
    const read = readAttachment(ws);
    if (read.kind === "finished") return undefined;
    if (read.kind === "unusable") {
      this.close(ws, {}, `attachment ${read.problem}`);
      return undefined;
    }
    const { attachment } = read;
    if (this.byId.has(attachment.context.connectionId)) return undefined;
    let snapshot: ConnectionSnapshot;
    try {
      snapshot = this.resolve({
        value: attachment.value as ConnectionSnapshot["value"],
        context: { ...attachment.context, settings: this.settings },
      });
    } catch {
      this.close(ws, attachment.context, "attachment state unknown to this machine");
      return undefined;
    }
    const connection = this.track(ws, snapshot, attachment.headers, true);
    // Not the room's occupants array: the first flush compares the JSON, and from then on knows it by reference.
    const json = JSON.stringify(attachment);
    connection.persisted = {
      value: snapshot.value,
      context: snapshot.context,
      accepted: snapshot.hasTag("accepted"),
      occupants: undefined,
      json,
    };
    return { connection, occupants: attachment.occupants };
  }

  /** 1012 "service restart": the socket's state is from another deployment; clients reconnect. */
  private close(ws: WebSocket, ids: { roomId?: string; connectionId?: string }, problem: string): void {
    log("warn", "connection.unrestorable", { roomId: ids.roomId, connectionId: ids.connectionId, problem });
    const known = this.bySocket.get(ws);
    if (known) {
      this.byId.delete(known.id);
      this.bySocket.delete(ws);
    }
    try {
      ws.serializeAttachment(null);
      ws.close(1012, "service restart");
    } catch {
      // Already closed.
    }
  }
}
