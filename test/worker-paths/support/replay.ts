// The real side of a replay: the room's Durable Object on the test's clock, its clients, and what its machines hold
// and the clients and the webhook server saw, compared with the pure machines (expected.ts).
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { ConnectionRegistry } from "../../../src/room/connectionRegistry";
import { RoomDurableObject } from "../../../src/room/RoomDurableObject";
import { defined } from "../../support/defined";
import { requests } from "../../support/webhookControl";
import { type Closed, type ConnectOptions, connect, type TestSocket, uniqueRoomId } from "../../support/workerSocket";
import { type Expected, expectedView, inOrder } from "./expected";

let clock = 0;
// Replaced on the class, not on one instance: the instance a wake-up builds restores the room, and settles what
// happened meanwhile at `now()`, before a test could reach it.
(RoomDurableObject.prototype as unknown as { now(): number }).now = () => clock;
export const setClock = (at: number) => {
  clock = at;
};
type Client = { socket: TestSocket; closed?: Closed };
/** `names`: real connection ids (and the room id) → the names the model gives them. */
export type World = {
  roomId: string;
  stub: DurableObjectStub;
  names: Map<string, string>;
  clients: Map<string, Client>;
  expected: Expected;
};
export function createWorld(modelRoomId: string): World {
  const [roomId, expected] = [uniqueRoomId("path"), { sockets: new Map(), relays: {}, webhooks: [] }];
  return {
    roomId,
    stub: env.ROOMS_DO.get(env.ROOMS_DO.idFromName(roomId)),
    names: new Map([[roomId, modelRoomId]]),
    clients: new Map(),
    expected,
  };
}

type Runtime = {
  registry: ConnectionRegistry;
  interpreter: { room: { value: unknown; context: { occupants: unknown } } };
};
/** The machines as the object holds them (its runtime is private: read it cast). */
export const inside = (world: World): Promise<{ connections: Record<string, unknown>; room: unknown }> =>
  runInDurableObject(world.stub, (instance) => {
    const { registry, interpreter } = (instance as unknown as { room: Runtime }).room;
    const connections = Object.fromEntries(
      [...registry.all()].map(({ id, snapshot: { value, context } }) => [id, { value, context }]),
    );
    return JSON.parse(
      JSON.stringify({
        connections,
        room: { value: interpreter.room.value, occupants: interpreter.room.context.occupants },
      }),
    );
  });
const idOf = (world: World, name: string) => [...world.names].find(([, known]) => known === name)?.[0];
/** Connects a client the model calls `name`: its connection id is the one the object starts tracking. */
export async function connectAs(world: World, name: string, options?: ConnectOptions): Promise<TestSocket> {
  const before = Object.keys((await inside(world)).connections);
  const client: Client = { socket: await connect(world.roomId, options) };
  void client.socket.closed.then((closed) => (client.closed = closed));
  const id = Object.keys((await inside(world)).connections).find((known) => !before.includes(known));
  world.names.set(defined(id, `the connection ${name} opened`), name);
  world.clients.set(name, client);
  return client.socket;
}

/** What reality shows, in the model's names. Other clients show what was relayed to them. */
async function observe(world: World, withRoom: boolean) {
  const { connections, room } = await inside(world);
  const clients = [...world.clients].map(([name, { socket, closed }]) => {
    const frames = socket.frames.map((text) => JSON.parse(text) as { type: string });
    if (!world.expected.sockets.has(name))
      return [
        name,
        { relayed: socket.frames.filter((_, i) => !["accept", "bye"].includes(defined(frames[i], `frame ${i}`).type)) },
      ];
    return [name, { state: connections[defined(idOf(world, name), `the id of ${name}`)] ?? "gone", frames, closed }];
  });
  const webhooks = (await requests(world.roomId)).map(({ path, body }) => ({ path, body }));
  const seen = JSON.parse(
    JSON.stringify({ clients: Object.fromEntries(clients), webhooks, ...(withRoom && { room }) }),
    (_, value) => (typeof value === "string" ? (world.names.get(value) ?? value) : value),
  );
  return {
    ...seen,
    webhooks: inOrder(
      seen.webhooks.filter(({ body }: { body: { connectionId: string } }) =>
        world.expected.sockets.has(body.connectionId),
      ),
    ),
  };
}

/**
 * Waits until reality is what the machines say, or fails showing the difference. Then the one alarm: while any
 * socket has a deadline, one is armed, no later than the earliest (src/room/alarm.ts moves it only earlier).
 */
export async function expectAsTheMachinesSay(world: World, room?: unknown): Promise<void> {
  await expect
    .poll(() => observe(world, room !== undefined), { timeout: 4000, interval: 20 })
    .toEqual(expectedView(world.expected, [...world.clients.keys()], room));
  const { alarm, earliest } = await runInDurableObject(world.stub, async (instance, state) => ({
    alarm: await state.storage.getAlarm(),
    earliest: (instance as unknown as { room: Runtime }).room.registry.earliestDeadline(),
  }));
  if (earliest !== null)
    expect(alarm ?? Infinity, "the alarm, no later than the earliest deadline").toBeLessThanOrEqual(earliest);
}

/** Evicts the object with its WebSockets hibernated; one that nothing woke since is out of memory already. */
export const evict = (world: World) =>
  evictDurableObject(world.stub, { webSockets: "hibernate" }).catch((error: unknown) => {
    if (!/not currently running/.test(String(error))) throw error;
  });
/** Runs `act`, naming `where` in its error. */
export const step = (where: string, act: () => Promise<unknown> | undefined) =>
  Promise.resolve(act()).catch((error: Error) =>
    Promise.reject(Object.assign(error, { message: `${where}: ${error.message}` })),
  );
/** Closes every client not closed yet (a half-open one that got the server's close answers it). */
export const closeAll = (world: World) => {
  for (const { socket } of world.clients.values()) {
    if (socket.ws.readyState !== WebSocket.CLOSED) socket.close(1000, "test over");
  }
};
