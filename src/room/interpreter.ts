// Runs the machines of one room: one queue of events, one step at a time, the returned actions executed in
// order. Emitted actions are messages between machines (a connection's go to the room, the room's to the
// connection they name); every other action is an effect, executed by name and isolated from the others.
// After each drain, what changed is persisted and the alarm moved earlier if the earliest deadline now is.
import type { ExecutableActionsFrom, SnapshotFrom } from "xstate";
import type { ConnectionEffectName, connectionMachine } from "../../machines/connection";
import type { ConnectionEvent, RoomMessage, RoomMessageBody } from "../../machines/connection.types";
import { dueDeadlineEvent } from "../../machines/deadlines";
import type { SettleEvent } from "../../machines/restore";
import type { roomMachine } from "../../machines/room";
import type { Occupant, RoomEvent } from "../../machines/room.types";
import { log } from "../log";
import type { PureTransitions } from "../stepping/pureTransition";
import type { AlarmScheduler } from "./alarm";
import type { Connection, ConnectionRegistry } from "./connectionRegistry";
import type { ConnectionEffects, EffectArgs } from "./effects";

type RoomSnapshot = SnapshotFrom<typeof roomMachine>;
type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;
type Action = ExecutableActionsFrom<typeof connectionMachine> | ExecutableActionsFrom<typeof roomMachine>;

/** `from`: the machine that sent the event (the room, or the connection with that id), for inspectors. */
type Work =
  | { to: "connection"; connectionId: string; event: ConnectionEvent; from?: "room" }
  | { to: "room"; event: RoomEvent; from?: string };

/** Who watches the steps (src/room/inspectors.ts): asked only while `watched`, one boolean per step otherwise. */
interface StepObserver {
  readonly watched: boolean;
  connectionStarted(snapshot: ConnectionSnapshot): void;
  connectionStepped(
    connectionId: string,
    event: ConnectionEvent,
    from: "room" | undefined,
    snapshot: ConnectionSnapshot,
  ): void;
  roomStepped(event: RoomEvent, from: string | undefined, snapshot: RoomSnapshot): void;
}

export interface InterpreterDeps {
  registry: ConnectionRegistry;
  alarm: AlarmScheduler;
  connectionSteps: PureTransitions<typeof connectionMachine>;
  roomSteps: PureTransitions<typeof roomMachine>;
  effects: ConnectionEffects;
  observer: StepObserver;
  now(): number;
}

export class Interpreter {
  private readonly queue: Work[] = [];
  private draining = false;
  private readonly dirty = new Set<Connection>();
  /** The occupants as of the last flush: the room machine's `assign` makes a new array on every change. */
  private flushedOccupants: readonly Occupant[] | undefined;
  private readonly persistFailed = new WeakSet<Connection>();
  /** Whether the earliest deadline may have changed since the alarm was last scheduled. */
  private deadlinesMoved: boolean;

  constructor(
    private readonly deps: InterpreterDeps,
    private room: RoomSnapshot,
  ) {
    // An object that wakes up with no socket has nothing to schedule: no alarm write until a socket comes. A
    // stale alarm, should one be left, fires once, finds no deadline and is not armed again.
    this.deadlinesMoved = deps.registry.size > 0;
  }

  /** The room machine's snapshot now (for a new inspector). */
  get roomSnapshot(): RoomSnapshot {
    return this.room;
  }

  /** Settles a wake-up (machines/restore.ts): the events run before any new input. */
  settle(events: readonly SettleEvent[]): void {
    // Nothing to settle, no deadline moved: the alarm armed before the wake-up is still right. The event that
    // woke the object re-arms it (when that is the alarm, its re-arming is the only write of the wake-up).
    if (events.length === 0) return;
    for (const settle of events) {
      if (settle.to === "room") this.queue.push({ to: "room", event: settle.event });
      else this.queueFromRoom(settle.connectionId, settle.event);
    }
    this.drain();
  }

  /** A new socket's machine, from its initial transition. */
  started(connection: Connection, actions: readonly Action[]): void {
    this.dirty.add(connection);
    this.deadlinesMoved = true;
    if (this.deps.observer.watched) this.deps.observer.connectionStarted(connection.snapshot);
    for (const action of actions) this.execute(action, connection);
    this.drain();
  }

  send(connectionId: string, event: ConnectionEvent): void {
    this.queue.push({ to: "connection", connectionId, event });
    this.drain();
  }

  /** Every deadline that passed becomes its event (alarms may repeat or come late: nothing else does). */
  deadlinesPassed(now: number): void {
    // The alarm that fired is gone: it is armed again even when no deadline moves.
    this.deadlinesMoved = true;
    for (const connection of this.deps.registry.all()) {
      const event = dueDeadlineEvent(connection.snapshot.context.deadlines, now);
      if (event) this.queue.push({ to: "connection", connectionId: connection.id, event });
    }
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let work = this.queue.shift(); work; work = this.queue.shift()) {
        if (work.to === "room") this.stepRoom(work.event, work.from);
        else this.stepConnection(work.connectionId, work.event, work.from);
      }
    } finally {
      this.draining = false;
    }
    this.flush();
  }

  private stepConnection(connectionId: string, event: ConnectionEvent, from: "room" | undefined): void {
    const connection = this.deps.registry.get(connectionId);
    if (!connection) return;
    const [next, actions] = this.deps.connectionSteps.transition(connection.snapshot, event);
    if (this.deps.observer.watched) this.deps.observer.connectionStepped(connectionId, event, from, next);
    if (next.context.deadlines !== connection.snapshot.context.deadlines || next.status === "done")
      this.deadlinesMoved = true;
    connection.snapshot = next;
    this.dirty.add(connection);
    for (const action of actions) this.execute(action, connection);
    if (next.status === "done") {
      this.dirty.delete(connection);
      this.deps.registry.finish(connection);
    }
  }

  /** What the room tells one connection, as that connection's event at the time it is queued. */
  private queueFromRoom(connectionId: string, body: RoomMessageBody): void {
    this.queue.push({ to: "connection", connectionId, event: { ...body, at: this.deps.now() }, from: "room" });
  }

  private stepRoom(event: RoomEvent, from: string | undefined): void {
    const [next, actions] = this.deps.roomSteps.transition(this.room, event);
    this.room = next;
    if (this.deps.observer.watched) this.deps.observer.roomStepped(event, from, next);
    for (const action of actions) this.execute(action, undefined);
  }

  private execute(action: Action, from: Connection | undefined): void {
    try {
      if ((action.type as string) === "xstate.emit") {
        const message = (action.params as { event: RoomEvent | RoomMessage }).event;
        if (from) this.queue.push({ to: "room", event: message as RoomEvent, from: from.id });
        else {
          const { to, ...body } = message as RoomMessage;
          this.queueFromRoom(to, body);
        }
        return;
      }
      // Only the connection machine has effects (the room's decisions are all messages). Every effect it
      // names has a function (ConnectionEffects): one that had none would throw here and be logged.
      if (!from) return;
      const effect = this.deps.effects[action.type as ConnectionEffectName] as (args: EffectArgs) => void;
      const { context, event } = action.info as unknown as Pick<EffectArgs, "context" | "event">;
      effect({ self: this.deps.registry.get(from.id), context, event, params: action.params as never });
    } catch (error) {
      log("error", "effect.error", { action: action.type, connectionId: from?.id, error: String(error) });
    }
  }

  /** Persist what changed and tell the alarm the earliest deadline (src/room/alarm.ts decides on a write). */
  private flush(): void {
    const { registry, alarm } = this.deps;
    // Accepted sockets' attachments carry the occupants: a change of occupants changes them all.
    const occupants = this.room.context.occupants;
    if (occupants !== this.flushedOccupants) {
      this.flushedOccupants = occupants;
      for (const connection of registry.all()) this.dirty.add(connection);
    }
    let failed = false;
    for (const connection of this.dirty) {
      if (registry.persist(connection, occupants) || this.persistFailed.has(connection)) continue;
      // Once per connection: its machine decides (close 1011); a second failure must not loop.
      this.persistFailed.add(connection);
      this.queue.push({
        to: "connection",
        connectionId: connection.id,
        event: { type: "PERSIST_FAILED", at: this.deps.now() },
      });
      failed = true;
    }
    this.dirty.clear();
    if (failed) {
      this.drain();
      return;
    }
    // Most frames move no deadline (the machines keep the deadlines object then): no scan of every socket.
    if (!this.deadlinesMoved) return;
    this.deadlinesMoved = false;
    alarm.schedule(registry.earliestDeadline());
  }
}
