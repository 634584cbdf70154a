// Types of the room machine: who holds the room's two slots.

export interface Occupant {
  connectionId: string;
  standalone: boolean;
}

export interface RoomContext {
  /** In order of arrival; at most two. */
  occupants: Occupant[];
}

export type RoomStateValue = "empty" | "waiting" | "paired";

export type RoomEvent =
  | { type: "JOIN"; connectionId: string; standalone: boolean }
  | { type: "LEAVE"; connectionId: string };
