// How a room is rebuilt after hibernation or eviction: the live sockets are the truth.
//
// The shell lists every socket the runtime still has, with what its attachment says; this pure function
// returns the room machine's state and the events that settle what happened while the object was away. The
// socket whose close woke the object is no longer listed, but its peer's attachment remembers it (and whether
// it was standalone): it is put back into the room and made to leave, so the room machine decides about
// `bye` exactly as if the object had been awake.
import type { StateValue } from "xstate";
import type { RoomMessageBody } from "./connection.types";
import type { Occupant, RoomContext, RoomEvent, RoomStateValue } from "./room.types";

export interface ListedConnection {
  connectionId: string;
  /** The connection machine's persisted state value. */
  state: StateValue;
  standalone: boolean;
  peerId: string | null;
  /** On accepted sockets: the room's occupants when the attachment was written. */
  occupants?: readonly Occupant[];
}

export type SettleEvent = { to: "room"; event: RoomEvent } | { to: "connection"; connectionId: string; event: RoomMessageBody };

export interface RestoredRoom {
  room: { value: RoomStateValue; context: RoomContext };
  /** In order: first each connection learns its true peer, then the room hears who left. */
  settle: SettleEvent[];
  /** Listed connections beyond the room's two slots: they cannot be restored and are closed. */
  discard: string[];
}

export const ROOM_SLOTS = 2;

/** Whether a connection state value is (inside) `active.accepted`, and which leaf. */
function acceptedLeaf(state: StateValue): string | undefined {
  if (typeof state !== "object") return undefined;
  const active = state.active;
  if (typeof active !== "object" || active === null) return undefined;
  const accepted = (active as Record<string, StateValue>).accepted;
  if (accepted === undefined) return undefined;
  if (typeof accepted === "string") return accepted;
  const pinged = (accepted as Record<string, StateValue>).pinged;
  return typeof pinged === "string" ? pinged : "pinged";
}

export function isAccepted(state: StateValue): boolean {
  return acceptedLeaf(state) !== undefined;
}

export function restoreRoom(listed: readonly ListedConnection[]): RestoredRoom {
  const listedIds = new Set(listed.map((c) => c.connectionId));
  const accepted = listed.filter((c) => isAccepted(c.state));
  const acceptedIds = new Set(accepted.map((c) => c.connectionId));

  // Remembered occupants in arrival order; one still listed but no longer accepted has left already.
  const byId = new Map<string, Occupant>();
  for (const c of accepted) {
    for (const o of c.occupants ?? []) {
      if (!byId.has(o.connectionId) && (acceptedIds.has(o.connectionId) || !listedIds.has(o.connectionId))) {
        byId.set(o.connectionId, { connectionId: o.connectionId, standalone: o.standalone });
      }
    }
  }
  for (const c of accepted) {
    if (!byId.has(c.connectionId)) byId.set(c.connectionId, { connectionId: c.connectionId, standalone: c.standalone });
  }
  const all = [...byId.values()];
  const occupants = all.slice(0, ROOM_SLOTS);
  const discard = all.slice(ROOM_SLOTS).filter((o) => listedIds.has(o.connectionId)).map((o) => o.connectionId);

  // What is known of each id, remembered or listed, for the bye rule of a peer that left while we were away.
  const standaloneOf = new Map<string, boolean>();
  for (const c of accepted) for (const o of c.occupants ?? []) standaloneOf.set(o.connectionId, o.standalone);
  for (const c of listed) standaloneOf.set(c.connectionId, c.standalone);

  const settle: SettleEvent[] = [];
  for (const c of accepted) {
    if (!occupants.some((o) => o.connectionId === c.connectionId)) continue;
    const peerId = occupants.find((o) => o.connectionId !== c.connectionId)?.connectionId ?? null;
    if (peerId === c.peerId) continue;
    // The peer is known: the connection learns it. No peer at all (an attachment that lost it): it left, and
    // the room's bye rule applies (no bye when either was standalone).
    if (peerId !== null) settle.push({ to: "connection", connectionId: c.connectionId, event: { type: "PEER_JOINED", peerId } });
    else if (acceptedLeaf(c.state) !== "waiting") {
      const peerStandalone = c.peerId !== null && standaloneOf.get(c.peerId) === true;
      settle.push({ to: "connection", connectionId: c.connectionId, event: { type: "PEER_LEFT", bye: !c.standalone && !peerStandalone } });
    }
  }
  for (const o of occupants) {
    if (!listedIds.has(o.connectionId)) settle.push({ to: "room", event: { type: "LEAVE", connectionId: o.connectionId } });
  }
  const value: RoomStateValue = occupants.length === 0 ? "empty" : occupants.length === 1 ? "waiting" : "paired";
  return { room: { value, context: { occupants } }, settle, discard };
}
