// Who holds the two slots of one Ayame room.
//
// Pure like the connection machine: the shell provides the effects and turns them into events for the
// connection machines (`SLOT_GRANTED`, `SLOT_REFUSED`, `PEER_JOINED`, `PEER_LEFT`). After a wake-up the
// shell rebuilds this machine's state from the live sockets, never from a stored snapshot.
import { assign, setup } from "xstate";
import type { RoomContext, RoomEvent } from "./room.types";

export const roomMachine = setup({
  types: {
    context: {} as RoomContext,
    events: {} as RoomEvent,
    input: {} as RoomContext,
  },
  actions: {
    // Effects. The shell provides the real implementations; these defaults do nothing.
    grantSlot: () => {},
    refuseSlot: () => {},
    notifyPeerJoined: () => {},
    releaseSurvivor: () => {},

    addOccupant: assign({
      occupants: ({ context, event }) =>
        event.type === "JOIN"
          ? [...context.occupants, { connectionId: event.connectionId, standalone: event.standalone }]
          : context.occupants,
    }),
    removeOccupant: assign({
      occupants: ({ context, event }) =>
        event.type === "LEAVE" ? context.occupants.filter((o) => o.connectionId !== event.connectionId) : context.occupants,
    }),
    clearOccupants: assign({ occupants: [] }),
  },
  guards: {
    isOccupant: ({ context, event }) =>
      event.type === "LEAVE" && context.occupants.some((o) => o.connectionId === event.connectionId),
  },
}).createMachine({
  id: "room",
  context: ({ input }) => ({ occupants: input.occupants }),
  initial: "empty",
  states: {
    empty: {
      description: "No registered socket.",
      on: {
        JOIN: { target: "waiting", actions: ["addOccupant", "grantSlot"] },
      },
    },
    waiting: {
      description: "One registered socket, waiting for its peer.",
      on: {
        JOIN: { target: "paired", actions: ["addOccupant", "grantSlot", "notifyPeerJoined"] },
        LEAVE: { guard: "isOccupant", target: "empty", actions: "removeOccupant" },
      },
    },
    paired: {
      description: "Two registered sockets: the room is full. When one leaves, the other is released and the room is empty at once.",
      on: {
        JOIN: { actions: "refuseSlot" },
        LEAVE: { guard: "isOccupant", target: "empty", actions: ["releaseSurvivor", "clearOccupants"] },
      },
    },
  },
});

export type RoomMachine = typeof roomMachine;
