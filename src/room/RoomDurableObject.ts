// The Durable Object of one Ayame room: the hibernation hooks, nothing else. Every input goes to the room's
// runtime (src/room/roomRuntime.ts), where the machines decide and the shell acts.
// Hibernation API: https://developers.cloudflare.com/durable-objects/best-practices/websockets/
import { DurableObject } from "cloudflare:workers";
import * as v from "valibot";
import type { Routing } from "../../machines/connection.types";
import { configOf, type RoomJurisdiction } from "../config";
import { log, setLogLevel } from "../log";
import { RoomRuntime } from "./roomRuntime";
import { replyToClose } from "./sockets";

/** Internal header by which the Worker tells the object which room id the client asked for. */
export const ROOM_ID_HEADER = "x-ayame-room-id";
/** The path by which the Worker hands the object an inspector's socket (docs/inspector.md). */
export const INSPECT_PATH = "/inspect";
/** Internal header by which the Worker tells the object how it routed the socket: `url` or `register`. */
export const ROUTING_HEADER = "x-ayame-routing";

/** The Worker always sets it (over anything a client sent); a Worker of an older version does not: `url`. */
const RoutingHeader = v.fallback(v.picklist(["url", "register"] satisfies Routing[]), "url");

interface Bindings {
  /** Optional Workers Analytics Engine dataset: one data point per connection (docs/observability.md). */
  CONNECTION_METRICS?: AnalyticsEngineDataset;
  CF_VERSION_METADATA?: WorkerVersionMetadata;
}

export class RoomDurableObject extends DurableObject<Env> {
  /** Undefined while the config is invalid: the object then refuses every upgrade and touches no socket. */
  private readonly room: RoomRuntime | undefined;
  private readonly jurisdiction: RoomJurisdiction | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const parsed = configOf(env);
    if (!parsed.ok) {
      log("error", "config.invalid", { variable: parsed.variable, message: parsed.message });
      return;
    }
    setLogLevel(parsed.config.logLevel);
    this.jurisdiction = parsed.config.roomJurisdiction;
    const bindings = env as Bindings;
    // The dataset is read at every write: a binding double set by a test on a running object is seen too.
    const metrics = { dataset: () => bindings.CONNECTION_METRICS, version: bindings.CF_VERSION_METADATA?.id ?? "" };
    this.room = new RoomRuntime(ctx, parsed.config, () => this.now(), metrics);
  }

  /** The room's clock. Tests replace it to drive deadlines without waiting. */
  protected now(): number {
    return Date.now();
  }

  override async fetch(request: Request): Promise<Response> {
    if (!this.room) return new Response("invalid configuration", { status: 500 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Upgrade Required", { status: 426 });
    }
    // The Worker reaches rooms only through the jurisdiction's namespace (src/edge/roomNamespace.ts); an object
    // that finds itself outside it was reached another way and takes no socket.
    // https://developers.cloudflare.com/changelog/post/2026-03-26-durable-object-id-jurisdiction/
    if (this.jurisdiction !== undefined && this.ctx.id.jurisdiction !== this.jurisdiction) {
      log("error", "config.invalid", {
        variable: "ROOM_JURISDICTION",
        message: "a room's Durable Object outside ROOM_JURISDICTION refused a socket",
      });
      return new Response("Invalid configuration: this room is outside ROOM_JURISDICTION", { status: 500 });
    }
    const roomId = request.headers.get(ROOM_ID_HEADER);
    if (!roomId) return new Response("missing room id", { status: 400 });
    // Only the Worker reaches the object, and it sends /inspect only for an authorised inspector.
    if (new URL(request.url).pathname === INSPECT_PATH) return this.room.inspect(request);
    return this.room.accept(request, roomId, v.parse(RoutingHeader, request.headers.get(ROUTING_HEADER)));
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.room?.message(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.room?.closed(ws, code, reason);
    replyToClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    this.room?.closed(ws, 1006, String(error));
  }

  override async alarm(): Promise<void> {
    this.room?.alarmFired();
  }
}
