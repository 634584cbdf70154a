// The room machine's path table: JOIN and LEAVE payloads that name real occupants (and strangers, i.e.
// sockets that never got a slot), and the generated paths. Shared like connectionPaths.ts.
import type { SnapshotFrom } from "xstate";
import { roomMachine, type RoomMachine } from "../../../machines/room";
import type { RoomContext, RoomEvent } from "../../../machines/room.types";
import { generatePaths, type LabeledEvent, type MachinePath, type PayloadTable } from "./pathModel";

export type RoomSnapshot = SnapshotFrom<RoomMachine>;
export type RoomPath = MachinePath<RoomSnapshot, RoomEvent, RoomContext>;

/** Sockets in order of arrival. A room holds two; the third is refused. */
export const ROOM_CONNECTION_IDS = ["alice", "bob", "carol"] as const;

function occupantIds(snapshot: RoomSnapshot): string[] {
  return snapshot.context.occupants.map((occupant) => occupant.connectionId);
}

/** The next socket to arrive: the first name not in the room. */
function newcomer(snapshot: RoomSnapshot): string {
  const present = occupantIds(snapshot);
  const id = ROOM_CONNECTION_IDS.find((candidate) => !present.includes(candidate));
  if (id === undefined) throw new Error(`no newcomer left for ${JSON.stringify(present)}`);
  return id;
}

function leave(connectionId: string): LabeledEvent<Extract<RoomEvent, { type: "LEAVE" }>> {
  return { label: `LEAVE(${connectionId})`, event: { type: "LEAVE", connectionId } };
}

export const roomPayloads: PayloadTable<RoomSnapshot, RoomEvent> = {
  JOIN: (snapshot) => {
    const connectionId = newcomer(snapshot);
    return [
      { label: `JOIN(${connectionId})`, event: { type: "JOIN", connectionId, standalone: false } },
      { label: `JOIN(${connectionId}, standalone)`, event: { type: "JOIN", connectionId, standalone: true } },
    ];
  },
  // Every occupant, and a socket that closes without ever holding a slot.
  LEAVE: (snapshot) => [...occupantIds(snapshot).map(leave), leave(newcomer(snapshot))],
};

export const roomVariants: Array<{ name: string; input: RoomContext }> = [{ name: "fresh room", input: { occupants: [] } }];

/** The `isOccupant` guard reads who is in the room. */
function abstractRoomState(snapshot: RoomSnapshot) {
  return { value: snapshot.value, occupants: occupantIds(snapshot) };
}

export const roomPaths: RoomPath[] = generatePaths({
  name: "room",
  machine: roomMachine,
  variants: roomVariants,
  payloads: roomPayloads,
  abstractState: abstractRoomState,
});
