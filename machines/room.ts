// Who holds the two slots of one Ayame room, what `accept` says about the other one, and who gets `bye`.
//
// Pure like the connection machine. Its decisions leave it as emitted messages (`xstate.emit` actions), each
// addressed to one connection (`to`) with everything that connection needs to know: the shell only delivers
// them. After a wake-up the shell rebuilds this machine's state with `restoreRoom` (machines/restore.ts)
// from the live sockets, never from a stored snapshot.
import { assign, emit, setup } from "xstate";
import type { RoomMessage } from "./connection.types";
import type { Occupant, RoomContext, RoomEvent } from "./room.types";

function other(occupants: readonly Occupant[], connectionId: string): Occupant | undefined {
  return occupants.find((o) => o.connectionId !== connectionId);
}

export const roomMachine = setup({
  types: {
    context: {} as RoomContext,
    events: {} as RoomEvent,
    input: {} as RoomContext,
    emitted: {} as RoomMessage,
  },
  actions: {
    addOccupant: assign({
      occupants: ({ context, event }) =>
        event.type === "JOIN"
          ? [...context.occupants, { connectionId: event.connectionId, standalone: event.standalone }]
          : context.occupants,
    }),
    clearOccupants: assign({ occupants: [] }),

    // Messages to connections.
    grantSlot: emit(({ context, event }, params: { isExistUser: boolean }) => ({
      type: "SLOT_GRANTED" as const,
      to: event.connectionId,
      isExistUser: params.isExistUser,
      peerId: other(context.occupants, event.connectionId)?.connectionId ?? null,
    })),
    refuseSlot: emit(({ event }) => ({ type: "SLOT_REFUSED" as const, to: event.connectionId })),
    notifyPeerJoined: emit(({ context, event }) => ({
      type: "PEER_JOINED" as const,
      to: other(context.occupants, event.connectionId)?.connectionId ?? "",
      peerId: event.connectionId,
    })),
    releaseSurvivor: emit(({ context, event }, params: { bye: boolean }) => ({
      type: "PEER_LEFT" as const,
      to: other(context.occupants, event.connectionId)?.connectionId ?? "",
      bye: params.bye,
    })),
  },
  guards: {
    isOccupant: ({ context, event }) => context.occupants.some((o) => o.connectionId === event.connectionId),
    standaloneInvolved: ({ context, event }) =>
      context.occupants.some((o) => o.connectionId === event.connectionId) &&
      context.occupants.some((o) => o.standalone),
  },
}).createMachine({
  id: "room",
  context: ({ input }) => ({ occupants: input.occupants }),
  initial: "empty",
  states: {
    empty: {
      description: "No registered socket.",
      on: {
        JOIN: { target: "waiting", actions: ["addOccupant", { type: "grantSlot", params: { isExistUser: false } }] },
      },
    },
    waiting: {
      description: "One registered socket, waiting for its peer.",
      on: {
        JOIN: {
          target: "paired",
          actions: ["addOccupant", { type: "grantSlot", params: { isExistUser: true } }, "notifyPeerJoined"],
        },
        LEAVE: { guard: "isOccupant", target: "empty", actions: "clearOccupants" },
      },
    },
    paired: {
      description:
        "Two registered sockets: the room is full. When one leaves, the other is released (with `bye` unless either is standalone) and the room is empty at once.",
      on: {
        JOIN: { actions: "refuseSlot" },
        LEAVE: [
          {
            guard: "standaloneInvolved",
            target: "empty",
            actions: [{ type: "releaseSurvivor", params: { bye: false } }, "clearOccupants"],
          },
          {
            guard: "isOccupant",
            target: "empty",
            actions: [{ type: "releaseSurvivor", params: { bye: true } }, "clearOccupants"],
          },
        ],
      },
    },
  },
});

export type RoomMachine = typeof roomMachine;
