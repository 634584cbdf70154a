// How each connection-machine event is made to happen for real, keyed by event type (the payload picks the
// variant). Frames and closes come from the path's socket; the webhook's answers from the test webhook
// server (scripted and held when the socket registers, released by the AUTHN_* step); room messages from
// other real clients; deadlines from the alarm, run once the replay has set the room's clock to the deadline.
import { runDurableObjectAlarm } from "cloudflare:test";
import { expect } from "vitest";
import type { ConnectionEvent } from "../../../machines/connection.types";
import type { Config } from "../../../src/config";
import { ACCEPTED_AT, CONNECTION_ID, PEER_ID, ROOM_ID, type ConnectionPath } from "../../support/statecharts/connectionPaths";
import { release, scriptAuthn, type WebhookAnswer } from "../../support/webhookControl";
import { connectAs, idOf, setClock, trackedCount, type World } from "./replay";

export type ConnectionWorld = World & { path: ConnectionPath; config: Config };
type Event = ConnectionEvent & Record<string, any>;

/** `prepare` runs for every step before the path starts: arrangements that must precede earlier steps. */
export type Executor = {
  prepare?(world: ConnectionWorld, event: Event): Promise<unknown>;
  perform(world: ConnectionWorld, event: Event, index: number): Promise<unknown>;
};

/** Other clients act a day after the path's times, so that none of their deadlines comes due during the path. */
const OTHERS_AT = ACCEPTED_AT + 86_400_000;

const socketOf = (world: ConnectionWorld, name = CONNECTION_ID) => world.clients.get(name)!.socket;
const sends = (frame: (world: ConnectionWorld, event: Event) => unknown): Executor => ({ perform: async (world, event) => socketOf(world).send(frame(world, event)) });

/** Another client takes a slot: standalone when the path's peer must leave without `bye`. */
async function admit(world: ConnectionWorld, name: string): Promise<void> {
  const standalone = world.path.steps.some(({ event }) => event?.type === "PEER_LEFT" && !event.bye);
  setClock(OTHERS_AT);
  const socket = await connectAs(world, name);
  socket.send({ type: "register", roomId: world.roomId, clientId: name, ...(standalone && { standalone }) });
  expect(await socket.next(), `${name} is accepted`).toMatchObject({ type: "accept" });
}

/** The answer the next step (AUTHN_*) releases; without one the socket stays authenticating. */
function heldAnswer(next: Event | undefined): WebhookAnswer {
  if (next?.type === "AUTHN_DENIED") return { status: 200, json: { allowed: false, reason: next.reason }, hold: true };
  if (next?.type === "AUTHN_FAILED") return { status: 500, raw: next.problem, hold: true };
  const grant = next?.type === "AUTHN_ALLOWED" ? { iceServers: next.iceServers, authzMetadata: next.authzMetadata } : {};
  return { status: 200, json: { allowed: true, ...grant }, hold: true };
}

const released: Executor = { perform: async (world) => expect(await release(world.roomId), "the held answer").toEqual({ released: 1, delivered: 1 }) };
/** The room answered within the step that entered joining (allowList.ts). */
const answered = async () => {};
const alarm: Executor = { perform: async (world) => expect(await runDurableObjectAlarm(world.stub), "an alarm is armed").toBe(true) };

export const connectionExecutors: Record<string, Executor> = {
  // Half-open: the socket answers the server's close only in a SOCKET_CLOSED step, so tearingDown lasts.
  start: { perform: (world) => connectAs(world, CONNECTION_ID, { halfOpen: true }) },
  REGISTER: {
    perform: async (world, { registration }, index) => {
      if (world.path.steps[index]!.state.matches({ active: "authenticating" })) {
        await scriptAuthn(world.roomId, heldAnswer(world.path.steps[index + 1]?.event), { clientId: registration.clientId ?? idOf(world, CONNECTION_ID) });
      }
      socketOf(world).send({ type: "register", ...registration, roomId: registration.roomId === ROOM_ID ? world.roomId : "elsewhere" });
    },
  },
  PONG: sends(() => ({ type: "pong" })),
  RELAY: sends((_, { raw }) => raw),
  CONNECTED: sends(() => ({ type: "connected" })),
  UNEXPECTED_FRAME: sends((_, { frameType }) => ({ type: frameType })),
  MALFORMED_FRAME: sends(() => "this is not JSON"),
  OVERSIZED_FRAME: sends((world) => JSON.stringify({ type: "offer", sdp: "x".repeat(world.config.readLimitBytes) })),
  AUTHN_ALLOWED: released, AUTHN_DENIED: released, AUTHN_FAILED: released,
  // With the peer already there, it takes the first slot before the socket registers.
  SLOT_GRANTED: { perform: answered, prepare: async (world, { peerId }) => peerId && admit(world, PEER_ID) },
  SLOT_REFUSED: { perform: answered, prepare: async (world) => (await admit(world, PEER_ID), await admit(world, "peer-2")) },
  PEER_JOINED: { perform: (world, { peerId }) => admit(world, peerId) },
  // The peer the machine knows leaves; the room decides about `bye` from who is standalone.
  PEER_LEFT: { perform: async (world, _, index) => socketOf(world, world.path.steps[index - 1]!.state.context.peerId!).close(1000, "leaving") },
  // Sockets that never register fill the room up to its cap; the next one displaces the oldest closing
  // socket, else the oldest pending one: the path's socket either way.
  DISPLACED: {
    perform: async (world, { at }) => {
      setClock(OTHERS_AT);
      for (let n = await trackedCount(world); n < world.config.maxSocketsPerRoom; n++) await connectAs(world, `filler-${n}`);
      setClock(at);
      await connectAs(world, "displacer");
    },
  },
  SOCKET_CLOSED: { perform: async (world, { code, reason }) => socketOf(world).close(code, reason) },
  REGISTER_TIMEOUT: alarm, READ_TIMEOUT: alarm, PONG_TIMEOUT: alarm, PING_DUE: alarm, CLOSE_TIMEOUT: alarm,
};
