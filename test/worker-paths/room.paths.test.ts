// Every generated path of the room machine, replayed against the real Durable Object with a real client per name
// (JOIN registers, LEAVE closes), plain and evicted between every two steps: after each step the object's room holds
// what the pure room holds, and every client is where its own pure connection machine is after the room's messages.
import { describe, expect, it } from "vitest";
import type { ConnectionEvent } from "../../machines/connection.types";
import type { RoomEvent } from "../../machines/room.types";
import { defined } from "../support/defined";
import { ACCEPTED_AT as AT, connectionVariants, ROOM_ID } from "../support/statecharts/connectionPaths";
import { type RoomPath, roomPaths } from "../support/statecharts/roomPaths";
import { send, started } from "./support/expected";
import {
  closeAll,
  connectAs,
  createWorld,
  evict,
  expectAsTheMachinesSay,
  setClock,
  step,
  type World,
} from "./support/replay";

const { settings } = defined(connectionVariants[0], "a connection variant").input; // the worker-paths project's (connection.paths.test.ts checks)
async function arrive(world: World, name: string) {
  const socket = await connectAs(world, name);
  started(world.expected, { connectionId: name, roomId: ROOM_ID, now: AT, settings });
  return socket;
}

// One executor per event type the room machine takes (the type says which), and the start.
const executors: Record<
  RoomEvent["type"] | "start",
  (world: World, event: { connectionId: string; standalone?: boolean }) => Promise<void>
> = {
  start: async () => {},
  JOIN: async (world, { connectionId: name, standalone }) => {
    expect(world.clients.has(name), `${name} arrives once`).toBe(false);
    const registration = { roomId: ROOM_ID, clientId: name, ...(standalone && { standalone }) };
    (await arrive(world, name)).send({ type: "register", ...registration, roomId: world.roomId });
    send(world.expected, name, { type: "REGISTER", at: AT, registration });
  },
  // A name that never joined stands for a socket that connects and closes without registering.
  LEAVE: async (world, { connectionId: name }) => {
    (world.clients.get(name)?.socket ?? (await arrive(world, name))).close(1000, "leaving");
    send(world.expected, name, { type: "SOCKET_CLOSED", at: AT, code: 1000, reason: "leaving" });
  },
};

async function replay(path: RoomPath, evicted: boolean): Promise<void> {
  const world = createWorld(ROOM_ID);
  setClock(AT);
  try {
    for (const [index, { label, event, state, effects }] of path.steps.entries()) {
      if (evicted && index > 0) await evict(world);
      await step(`performing step ${index} (${label})`, () => executors[event?.type ?? "start"](world, event as never));
      // The room's messages, each to the connection it names.
      for (const {
        params: { to, ...message },
      } of effects)
        send(world.expected, to, { ...message, at: AT } as ConnectionEvent);
      const room = { value: state.value, occupants: state.context.occupants };
      await step(`after step ${index} (${label})`, () => expectAsTheMachinesSay(world, room));
    }
  } finally {
    closeAll(world);
  }
}

for (const evicted of [false, true]) {
  describe(`room machine paths, replayed${evicted ? " with the object evicted between every two steps" : ""}`, () => {
    it.each(roomPaths.map((path) => [path.description, path] as const))("%s", (_, path) => replay(path, evicted));
  });
}
