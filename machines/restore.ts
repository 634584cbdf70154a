// How a room is rebuilt after hibernation or eviction: the live sockets are the truth.
//
// The shell lists every socket the runtime still has, with what its attachment says; this pure function
// returns the room machine's state and the events that settle what happened while the object was away. The
// socket whose close woke the object is no longer listed, but its peer's attachment remembers it: it is put
// back into the room and made to leave, so that the room machine decides about `bye` (and everything else)
// exactly as if the object had been awake. Nothing here decides what a connection is told.
import type { RoomMessageBody } from "./connection.types";
import type { Occupant, RoomContext, RoomEvent, RoomStateValue } from "./room.types";

export interface ListedConnection {
  connectionId: string;
  /** The tags of the connection machine's persisted state (ConnectionTag; `accepted`: it holds a slot). */
  tags: ReadonlySet<string>;
  standalone: boolean;
  peerId: string | null;
  /** On accepted sockets: the room's occupants when the attachment was written. */
  occupants?: readonly Occupant[];
}

export type SettleEvent =
  | { to: "room"; event: RoomEvent }
  | { to: "connection"; connectionId: string; event: RoomMessageBody };

export interface RestoredRoom {
  room: { value: RoomStateValue; context: RoomContext };
  /** In order: first each connection learns its true peer, then the room hears who left. */
  settle: SettleEvent[];
  /** Listed connections beyond the room's two slots: they cannot be restored and are closed. */
  discard: string[];
}

const ROOM_SLOTS = 2;

export function restoreRoom(listed: readonly ListedConnection[]): RestoredRoom {
  const listedIds = new Set(listed.map((c) => c.connectionId));
  const accepted = listed.filter((c) => c.tags.has("accepted"));
  const acceptedIds = new Set(accepted.map((c) => c.connectionId));

  // What is known of each id, remembered or listed: whether it was standalone.
  const standaloneOf = new Map<string, boolean>();
  for (const c of accepted) for (const o of c.occupants ?? []) standaloneOf.set(o.connectionId, o.standalone);
  for (const c of listed) standaloneOf.set(c.connectionId, c.standalone);

  // Remembered occupants in arrival order; one still listed but no longer accepted has left already.
  const byId = new Map<string, Occupant>();
  const seat = (connectionId: string) =>
    byId.set(connectionId, { connectionId, standalone: standaloneOf.get(connectionId) === true });
  for (const c of accepted) {
    for (const o of c.occupants ?? []) {
      if (!byId.has(o.connectionId) && (acceptedIds.has(o.connectionId) || !listedIds.has(o.connectionId)))
        seat(o.connectionId);
    }
  }
  for (const c of accepted) seat(c.connectionId); // a Map keeps the first place of a key set again
  // A peer that an accepted socket still names but that holds no slot now (its attachment lost it, or it is
  // gone): it was in the room, so it is put back and leaves through the room machine like any other.
  for (const c of accepted) if (c.peerId !== null && !byId.has(c.peerId) && !acceptedIds.has(c.peerId)) seat(c.peerId);
  const all = [...byId.values()];
  const occupants = all.slice(0, ROOM_SLOTS);
  const discard = all
    .slice(ROOM_SLOTS)
    .filter((o) => acceptedIds.has(o.connectionId))
    .map((o) => o.connectionId);

  const settle: SettleEvent[] = [];
  for (const c of accepted) {
    if (!occupants.some((o) => o.connectionId === c.connectionId)) continue;
    const peerId = occupants.find((o) => o.connectionId !== c.connectionId)?.connectionId ?? null;
    if (peerId !== null && peerId !== c.peerId)
      settle.push({ to: "connection", connectionId: c.connectionId, event: { type: "PEER_JOINED", peerId } });
  }
  for (const o of occupants) {
    if (!acceptedIds.has(o.connectionId))
      settle.push({ to: "room", event: { type: "LEAVE", connectionId: o.connectionId } });
  }
  const value: RoomStateValue = occupants.length === 0 ? "empty" : occupants.length === 1 ? "waiting" : "paired";
  return { room: { value, context: { occupants } }, settle, discard };
}
