// The room machine's path table: JOIN and LEAVE payloads that name real occupants (and strangers, i.e.
// sockets that never got a slot), and the generated paths. Shared like connectionPaths.ts.
import type { SnapshotFrom } from "xstate";
import { type RoomMachine, roomMachine } from "../../../machines/room";
import type { RoomContext, RoomEvent } from "../../../machines/room.types";
import { defined } from "../defined";
import { generatePaths, type MachinePath, type PayloadTable } from "./pathModel";

export type RoomSnapshot = SnapshotFrom<RoomMachine>;
export type RoomPath = MachinePath<RoomSnapshot, RoomEvent, RoomContext>;

const occupantIds = (snapshot: RoomSnapshot) => snapshot.context.occupants.map((occupant) => occupant.connectionId);
/** The next socket to arrive, in order of arrival: a room holds two, the third is refused. */
const newcomer = (snapshot: RoomSnapshot) =>
  defined(
    ["alice", "bob", "carol"].find((name) => !occupantIds(snapshot).includes(name)),
    "a name not in the room (it holds two at most)",
  );
const leave = (connectionId: string) => ({
  label: `LEAVE(${connectionId})`,
  event: { type: "LEAVE" as const, connectionId },
});

export const roomPayloads: PayloadTable<RoomSnapshot, RoomEvent> = {
  JOIN: (snapshot) =>
    [false, true].map((standalone) => ({
      label: `JOIN(${newcomer(snapshot)}${standalone ? ", standalone" : ""})`,
      event: { type: "JOIN", connectionId: newcomer(snapshot), standalone },
    })),
  // Every occupant, and a socket that closes without ever holding a slot.
  LEAVE: (snapshot) => [...occupantIds(snapshot).map(leave), leave(newcomer(snapshot))],
};

export const roomVariants: Array<{ name: string; input: RoomContext }> = [
  { name: "fresh room", input: { occupants: [] } },
];
export const roomPaths: RoomPath[] = generatePaths({
  machine: roomMachine,
  variants: roomVariants,
  payloads: roomPayloads,
  // The guards read who is in the room and whether one of them is standalone.
  abstractState: (s: RoomSnapshot) => ({
    value: s.value,
    occupants: occupantIds(s),
    standalone: s.context.occupants.some((o) => o.standalone),
  }),
});
