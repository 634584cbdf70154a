// One room's moving parts, wired together once per Durable Object instance: the connection registry, the
// interpreter of the machines, their effects and the alarm. Built only from a valid config, so nothing here
// ever runs without one.
import type { SnapshotFrom } from "xstate";
import { admission } from "../../machines/admission";
import { connectionMachine } from "../../machines/connection";
import type { Routing } from "../../machines/connection.types";
import { roomMachine } from "../../machines/room";
import { type Config, connectionSettings } from "../config";
import { log } from "../log";
import { frameEvent } from "../protocol/clientFrames";
import { connectionSteps, roomSteps } from "../stepping/machineSteps";
import { AlarmScheduler } from "./alarm";
import { newConnectionId } from "./connectionIds";
import type { MetricsTarget } from "./connectionMetrics";
import { ConnectionRegistry } from "./connectionRegistry";
import { countFrame } from "./connectionStats";
import { copyHeaders } from "./copiedHeaders";
import { connectionEffects } from "./effects";
import { Inspectors } from "./inspectors";
import { Interpreter } from "./interpreter";

let emptyRoomSnapshot: SnapshotFrom<typeof roomMachine> | undefined;

/** An empty room's snapshot, the same for every object of the isolate (snapshots are immutable values). */
function emptyRoom(): SnapshotFrom<typeof roomMachine> {
  emptyRoomSnapshot ??= roomMachine.resolveState({ value: "empty", context: { occupants: [] } });
  return emptyRoomSnapshot;
}

export class RoomRuntime {
  private readonly settings;
  private readonly registry: ConnectionRegistry;
  private readonly interpreter: Interpreter;
  private readonly alarm: AlarmScheduler;
  private readonly connectionSteps;
  private readonly inspectors: Inspectors;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly config: Config,
    private readonly now: () => number,
    metrics: MetricsTarget,
  ) {
    this.settings = connectionSettings(config);
    this.connectionSteps = connectionSteps(this.settings);
    this.registry = new ConnectionRegistry((state) => connectionMachine.resolveState(state), this.settings);
    this.alarm = new AlarmScheduler(ctx);
    const effects = connectionEffects({
      config,
      registry: this.registry,
      waitUntil: (promise) => ctx.waitUntil(promise),
      deliver: (connectionId, event) => this.interpreter.send(connectionId, event),
      now,
      metrics,
    });
    // Before the wake-up's settling, so that inspectors see it too.
    this.inspectors = new Inspectors(ctx);
    // After a wake-up the live sockets are the truth (machines/restore.ts decides what they add up to).
    const sockets = ctx.getWebSockets();
    if (sockets.length > 0) this.alarm.recall();
    const restored = this.registry.restore(sockets);
    const room = restored.room.context.occupants.length === 0 ? emptyRoom() : roomMachine.resolveState(restored.room);
    this.interpreter = new Interpreter(
      {
        registry: this.registry,
        alarm: this.alarm,
        connectionSteps: this.connectionSteps,
        roomSteps: roomSteps(),
        effects,
        observer: this.inspectors,
        now,
      },
      room,
    );
    this.interpreter.settle(restored.settle);
  }

  accept(request: Request, roomId: string, routing: Routing): Response {
    const sockets = [...this.registry.all()].map((c) => ({ connectionId: c.id, tags: c.snapshot.tags }));
    const decision = admission(sockets, this.config.maxSocketsPerRoom);
    if (!decision.admit) {
      log("warn", "socket.refused", { roomId, sockets: sockets.length, reason: "MAX_SOCKETS_PER_ROOM" });
      return new Response("Too many sockets in this room", { status: 429, headers: { "retry-after": "10" } });
    }
    for (const connectionId of decision.displace)
      this.interpreter.send(connectionId, { type: "DISPLACED", at: this.now() });
    const { 0: client, 1: server } = new WebSocketPair();
    const connectionId = newConnectionId();
    // The tag lets us find a socket by connection id after hibernation.
    this.ctx.acceptWebSocket(server, [connectionId]);
    const [snapshot, actions] = this.connectionSteps.initialTransition({
      connectionId,
      roomId,
      routing,
      now: this.now(),
      settings: this.settings,
    });
    const headers = copyHeaders(request, this.config.copyWebSocketHeaderNames, { roomId, connectionId });
    this.interpreter.started(this.registry.track(server, snapshot, headers), actions);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** An inspector (authorised by the Worker): read-only, outside the room's slots and its socket cap. */
  inspect(request: Request): Response {
    const connections = [...this.registry.all()].map((c) => c.snapshot);
    return this.inspectors.accept(
      request,
      this.config.maxInspectorsPerRoom,
      this.interpreter.roomSnapshot,
      connections,
    );
  }

  message(ws: WebSocket, message: string | ArrayBuffer): void {
    const connection = this.registry.forSocket(ws);
    if (!connection) return;
    const event = frameEvent(message, this.config.readLimitBytes, this.now());
    countFrame(connection.stats, event);
    this.interpreter.send(connection.id, event);
  }

  closed(ws: WebSocket, code: number, reason: string): void {
    // A close can be what woke the object: the closing socket is then no longer listed, but its attachment is
    // still readable. Restore it, or its close (and its disconnect webhook) would be lost.
    const restored = this.registry.restoreSocket(ws);
    if (restored)
      this.interpreter.send(restored.connection.id, { type: "SOCKET_CLOSED", at: this.now(), code, reason });
    // Not a connection's socket (no attachment): an inspector's, or one already finished.
    else if (this.inspectors.watched) this.inspectors.closed(ws);
  }

  alarmFired(): void {
    this.alarm.fired();
    this.interpreter.deadlinesPassed(this.now());
  }
}
