// The isolate's two steppers, one per machine, shared by every room of the isolate (./pureTransition.ts).
import { CONNECTION_EFFECTS, connectionMachine, connectionUpdates } from "../../machines/connection";
import type { ConnectionSettings } from "../../machines/connection.types";
import { roomMachine } from "../../machines/room";
import { type PureTransitions, pureTransitions } from "./pureTransition";

let connection: PureTransitions<typeof connectionMachine> | undefined;
let room: PureTransitions<typeof roomMachine> | undefined;

/** `settings` only build the scope's never-started actor, the first time. */
export function connectionSteps(settings: ConnectionSettings): PureTransitions<typeof connectionMachine> {
  connection ??= pureTransitions(
    connectionMachine,
    { connectionId: "", roomId: "", now: 0, settings },
    { updates: connectionUpdates, effects: CONNECTION_EFFECTS },
  );
  return connection;
}

export function roomSteps(): PureTransitions<typeof roomMachine> {
  room ??= pureTransitions(roomMachine, { occupants: [] });
  return room;
}
