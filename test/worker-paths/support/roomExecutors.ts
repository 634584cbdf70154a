// How each room-machine event is made to happen for real: JOIN is a client registering (standalone or not),
// LEAVE is a client closing its socket, whether it holds a slot or never registered at all.
import { expect } from "vitest";
import type { RoomEvent } from "../../../machines/room.types";
import { connectClient, leave, registerClient, within } from "./clients";
import type { Executor } from "./replay";
import type { RoomStep, RoomWorld } from "./roomWorld";

type RoomExecutor = Executor<RoomWorld, RoomStep>;

function eventOf<K extends RoomEvent["type"]>(step: RoomStep, type: K): Extract<RoomEvent, { type: K }> {
  expect(step.event.type).toBe(type);
  return step.event as Extract<RoomEvent, { type: K }>;
}

export const roomExecutors: Record<RoomStep["event"]["type"], RoomExecutor> = {
  // The room exists from the first socket on; an empty room is nothing to arrange.
  "xstate.init": { perform: async () => {} },

  JOIN: {
    perform: async (world, step) => {
      const { connectionId: name, standalone } = eventOf(step, "JOIN");
      expect(world.clients.has(name), `${name} joins once`).toBe(false);
      const client = await registerClient(world.roomId, name, standalone);
      world.clients.set(name, client);
      // A refused client is closed by the server; wait until it has been, so the next step finds it gone.
      if (!client.accept) await within(client.socket.closed, `${name}'s close after the reject`);
    },
  },

  LEAVE: {
    // A name that never joined stands for a socket that connects and closes without registering.
    perform: async (world, step) => {
      const { connectionId: name } = eventOf(step, "LEAVE");
      let client = world.clients.get(name);
      if (!client) {
        client = await connectClient(world.roomId, name);
        world.clients.set(name, client);
      }
      await leave(client);
    },
  },
};
