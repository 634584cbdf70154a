// Stately's inspection events, as `@statelyai/inspect` sends them (its StatelyInspectionEvent: the same field
// names and shapes), so that a page can hand each frame to Stately Inspector unchanged. The room machine is the
// actor "room"; each connection is an actor whose session id is its connection id, a child of the room.
// Everything shown is redacted first (./redact.ts).
import type { AnyStateMachine } from "xstate";
import { connectionMachine } from "../../machines/connection";
import type { ConnectionContext, ConnectionEvent } from "../../machines/connection.types";
import { roomMachine } from "../../machines/room";
import type { RoomContext, RoomEvent } from "../../machines/room.types";
import { publicConnectionContext, publicEvent, publicRoomContext } from "./redact";

/** The `@statelyai/inspect` version whose event shapes these are (a test checks it against the package). */
export const INSPECT_VERSION = "0.7.2";
export const ROOM_SESSION = "room";

interface Snapshot<C> {
  status: string;
  value: unknown;
  context: C;
}

const definitions = new WeakMap<AnyStateMachine, string>();

/** The machine's JSON, as Stately's inspector reads it: the config, functions by name (its safe replacer). */
function definitionOf(machine: AnyStateMachine): string {
  let definition = definitions.get(machine);
  if (definition === undefined) {
    definition = JSON.stringify(machine.config, (_, value) =>
      typeof value === "function" ? { type: value.name } : value,
    );
    definitions.set(machine, definition);
  }
  return definition;
}

const connectionView = ({ status, value, context }: Snapshot<ConnectionContext>) => ({
  status,
  value,
  context: publicConnectionContext(context),
});
const roomView = ({ status, value, context }: Snapshot<RoomContext>) => ({
  status,
  value,
  context: publicRoomContext(context),
});

function base(sessionId: string) {
  return { sessionId, rootId: ROOM_SESSION, createdAt: Date.now().toString(), _version: INSPECT_VERSION };
}

export function roomActor(snapshot: Snapshot<RoomContext>) {
  const definition = definitionOf(roomMachine);
  return {
    type: "@xstate.actor",
    name: "room",
    ...base(ROOM_SESSION),
    parentId: undefined,
    id: null,
    definition,
    snapshot: roomView(snapshot),
  };
}

export function connectionActor(connectionId: string, snapshot: Snapshot<ConnectionContext>) {
  const definition = definitionOf(connectionMachine);
  return {
    type: "@xstate.actor",
    name: "connection",
    ...base(connectionId),
    parentId: ROOM_SESSION,
    id: null,
    definition,
    snapshot: connectionView(snapshot),
  };
}

/** An event the machine `sessionId` takes; `sourceId` is the machine that sent it, when one did. */
export function eventTaken(sessionId: string, event: ConnectionEvent | RoomEvent, sourceId: string | undefined) {
  return { type: "@xstate.event", ...base(sessionId), sourceId, id: crypto.randomUUID(), event: publicEvent(event) };
}

export function connectionSnapshot(
  connectionId: string,
  event: ConnectionEvent,
  snapshot: Snapshot<ConnectionContext>,
) {
  return {
    type: "@xstate.snapshot",
    ...base(connectionId),
    id: null,
    event: publicEvent(event),
    snapshot: connectionView(snapshot),
  };
}

export function roomSnapshot(event: RoomEvent, snapshot: Snapshot<RoomContext>) {
  return {
    type: "@xstate.snapshot",
    ...base(ROOM_SESSION),
    id: null,
    event: publicEvent(event),
    snapshot: roomView(snapshot),
  };
}
