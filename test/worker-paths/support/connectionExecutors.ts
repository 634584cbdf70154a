// How each connection-machine event is made to happen for real, by event type: frames and closes of the path's
// socket, held answers of the test webhook server, other real clients, or the alarm (the clock is at the deadline).
import { runDurableObjectAlarm } from "cloudflare:test";
import { expect } from "vitest";
import type { ConnectionEvent } from "../../../machines/connection.types";
import { DEADLINES } from "../../../machines/deadlines";
import type { Config } from "../../../src/config";
import { defined } from "../../support/defined";
import {
  ACCEPTED_AT,
  CONNECTION_ID,
  type ConnectionPath,
  PEER_ID,
  ROOM_ID,
} from "../../support/statecharts/connectionPaths";
import { AUTHN_PATH, release, script, type WebhookAnswer } from "../../support/webhookControl";
import { connectAs, inside, setClock, type World } from "./replay";

export type ConnectionWorld = World & { path: ConnectionPath; config: Config };
// biome-ignore lint/suspicious/noExplicitAny: the table is keyed by event type at run time; each executor reads its own event's fields.
type Event = ConnectionEvent & Record<string, any>;
/** `prepare` runs for every step before the path starts; `answer` is the HTTP answer an AUTHN_* or TURN_* event stands for. */
export type Executor = {
  prepare?(world: ConnectionWorld, event: Event): Promise<unknown>;
  perform?(world: ConnectionWorld, event: Event, index: number): Promise<unknown>;
  answer?(event: Event): WebhookAnswer;
};
/** Other clients act a day after the path's times, so that none of their deadlines comes due during the path. */
const OTHERS_AT = ACCEPTED_AT + 86_400_000;
const socketOf = (world: ConnectionWorld, name = CONNECTION_ID) =>
  defined(world.clients.get(name), `the client ${name}`).socket;
const sends = (frame: (world: ConnectionWorld, event: Event) => unknown): Executor => ({
  perform: async (w, e) => socketOf(w).send(frame(w, e)),
});
/** Another client takes a slot: standalone when the path's peer must leave without `bye`. */
async function admit(world: ConnectionWorld, name: string): Promise<void> {
  const standalone = world.path.steps.some(({ event }) => event?.type === "PEER_LEFT" && !event.bye);
  setClock(OTHERS_AT);
  const socket = await connectAs(world, name);
  socket.send({ type: "register", roomId: world.roomId, clientId: name, ...(standalone && { standalone }) });
  expect(await socket.next(), `${name} is accepted`).toMatchObject({ type: "accept" });
}

/**
 * The webhook server answers the authentication webhook (requests grouped by room) and plays the TURN API (its
 * requests carry no room: group ""). Before a step that makes the socket wait for one, the answer the next step
 * stands for is scripted, held (the default: allowed); that step releases it.
 */
export async function holdNextAnswer(world: ConnectionWorld, index: number): Promise<void> {
  const waiting = (i: number) =>
    (["authenticating", "fetchingTurn"] as const).find((state) =>
      world.path.steps[i]?.state.matches({ active: state }),
    );
  if (!waiting(index) || waiting(index) === waiting(index - 1)) return;
  const turn = waiting(index) === "fetchingTurn";
  const next = world.path.steps[index + 1]?.event;
  const answer = (next && connectionExecutors[next.type]?.answer?.(next)) ?? { status: 200, json: { allowed: true } };
  await script({
    roomId: turn ? "" : world.roomId,
    ...(!turn && { path: AUTHN_PATH }),
    times: 1,
    answer: { ...answer, hold: true },
  });
}
const releases = (turn: boolean, answer: (event: Event) => WebhookAnswer): Executor => ({
  answer,
  perform: async (world) =>
    expect(await release(turn ? "" : world.roomId), "the held answer").toEqual({ released: 1, delivered: 1 }),
});
const alarm: Executor = {
  perform: async (world) => expect(await runDurableObjectAlarm(world.stub), "an alarm is armed").toBe(true),
};

/** A payload made from a frame (connectionPaths.ts `frame`): the client sends that frame as it is. */
export const sendsFrame = (text: string): Executor => ({ perform: async (world) => socketOf(world).send(text) });

/**
 * The start, a path's one step without an event: the socket connects. Half-open: it answers the server's close
 * only in a SOCKET_CLOSED step, so tearingDown lasts.
 */
export const connectsTheSocket = (world: ConnectionWorld) => connectAs(world, CONNECTION_ID, { halfOpen: true });

/** Events the path table does not make from a frame or a deadline (those are replayed by sendsFrame and the alarm). */
export const connectionExecutors: Record<string, Executor> = {
  // The replay calls connectsTheSocket itself: an executor is handed an event, and the start has none.
  start: { perform: connectsTheSocket },
  REGISTER: sends((world, { registration }) => ({
    type: "register",
    ...registration,
    roomId: registration.roomId === ROOM_ID ? world.roomId : "elsewhere",
  })),
  OVERSIZED_FRAME: sends((world) => JSON.stringify({ type: "offer", sdp: "x".repeat(world.config.readLimitBytes) })),
  AUTHN_ALLOWED: releases(false, ({ iceServers, authzMetadata }) => ({
    status: 200,
    json: { allowed: true, iceServers, authzMetadata },
  })),
  AUTHN_DENIED: releases(false, ({ reason }) => ({ status: 200, json: { allowed: false, reason } })),
  AUTHN_FAILED: releases(false, ({ problem }) => ({ status: 500, raw: problem })),
  TURN_ISSUED: releases(true, ({ iceServers }) => ({ status: 201, json: { iceServers } })),
  TURN_FAILED: releases(true, () => ({ status: 500, raw: "" })),
  // The room answers within the step that entered joining (allowList.ts); a peer already there took its slot before.
  SLOT_GRANTED: { prepare: async (world, { peerId }) => peerId && admit(world, PEER_ID) },
  SLOT_REFUSED: {
    prepare: async (world) => {
      await admit(world, PEER_ID);
      await admit(world, "peer-2");
    },
  },
  PEER_JOINED: { perform: (world, { peerId }) => admit(world, peerId) },
  // The peer the machine knows leaves; the room decides about `bye` from who is standalone.
  PEER_LEFT: {
    perform: async (world, _, i) => {
      const peerId = world.path.steps[i - 1]?.state.context.peerId;
      socketOf(world, defined(peerId, "the peer the machine knows")).close(1000, "leaving");
    },
  },
  // Sockets that never register fill the room to its cap; the next displaces the oldest closing, else pending, one: this one.
  DISPLACED: {
    perform: async (world, { at }) => {
      const tracked = Object.keys((await inside(world)).connections).length;
      setClock(OTHERS_AT);
      for (let n = tracked; n < world.config.maxSocketsPerRoom; n++) await connectAs(world, `filler-${n}`);
      setClock(at);
      await connectAs(world, "displacer");
    },
  },
  SOCKET_CLOSED: { perform: async (world, { code, reason }) => socketOf(world).close(code, reason) },
  // Every deadline of machines/deadlines.ts passes on the alarm.
  ...Object.fromEntries(Object.values(DEADLINES).map((type) => [type, alarm])),
};
