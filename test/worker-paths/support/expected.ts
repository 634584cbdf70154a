// What the machines say the outside world must see (xstate's own transition(), never the shell's steps): every socket the model names has its pure connection machine,
// and each effect it returns becomes (one row per effect) what the clients and the webhook server observe.
import { initialTransition, transition } from "xstate";
import { connectionMachine } from "../../../machines/connection";
import type { ConnectionEvent, ConnectionInput } from "../../../machines/connection.types";
import { acceptFrame, BYE_FRAME, PING_FRAME, rejectFrame } from "../../../src/protocol/serverFrames";
import { defined } from "../../support/defined";
import type { ConnectionSnapshot } from "../../support/statecharts/connectionPaths";
import { type Effect, effectsOf } from "../../support/statecharts/pathModel";
import { AUTHN_PATH, DISCONNECT_PATH } from "../../support/webhookControl";
import type { Closed } from "../../support/workerSocket";

/** `answersClose`: not half-open, so the client answers the server's close at once and its machine hears SOCKET_CLOSED. */
type ModelSocket = { snapshot: ConnectionSnapshot; frames: string[]; closed?: Closed; answersClose: boolean };
type Call = { path: string; body: { connectionId: string } };
/** `relays`: relayed texts, by the name of the client that must have received them. */
export type Expected = { sockets: Map<string, ModelSocket>; relays: Record<string, string[]>; webhooks: Call[] };
const ids = ({ roomId, clientId, connectionId }: ConnectionSnapshot["context"]) => ({ roomId, clientId, connectionId });
/** Effect → what it shows outside. The others show only in logs, or are messages between the machines. */
export const OBSERVABLE: Record<string, (socket: ModelSocket, expected: Expected, effect: Effect) => void> = {
  sendAccept: (socket, _, { context, event }) =>
    socket.frames.push(acceptFrame(context.connectionId, event.isExistUser, context.grant)),
  sendReject: (socket, _, { params, event }) => socket.frames.push(rejectFrame(params.reason ?? event.reason)),
  sendPing: (socket) => socket.frames.push(PING_FRAME),
  sendBye: (socket) => socket.frames.push(BYE_FRAME),
  relayToPeer: (_, expected, { context, event }) => {
    const relayed = expected.relays[context.peerId] ?? [];
    expected.relays[context.peerId] = relayed;
    relayed.push(event.raw);
  },
  closeSocket: (socket, _, { params }) => (socket.closed ??= { code: params.code, reason: params.reason }),
  callAuthnWebhook: (_, expected, { context }) => expected.webhooks.push({ path: AUTHN_PATH, body: ids(context) }),
  callDisconnectWebhook: (_, expected, { context }) =>
    expected.webhooks.push({ path: DISCONNECT_PATH, body: ids(context) }),
};

const withEffects = ([snapshot, actions]: [ConnectionSnapshot, Parameters<typeof effectsOf>[0]]): [
  ConnectionSnapshot,
  Effect[],
] => [snapshot, effectsOf(actions)];

/** A socket that answers the server's close at once starts as its machine would for `input`. */
export const started = (expected: Expected, input: ConnectionInput) =>
  took(expected, input.connectionId, withEffects(initialTransition(connectionMachine, input)), undefined, true);
/** The socket `name`'s machine gets `event`: its pure transition decides what changes. */
export const send = (expected: Expected, name: string, event: ConnectionEvent) =>
  took(
    expected,
    name,
    withEffects(
      transition(connectionMachine, defined(expected.sockets.get(name), `the model's socket ${name}`).snapshot, event),
    ),
    event,
  );

/** The socket `name` is now in `snapshot`, after its machine returned `effects` for `event` (none when it starts). */
export function took(
  expected: Expected,
  name: string,
  [snapshot, effects]: [ConnectionSnapshot, Effect[]],
  event?: ConnectionEvent,
  answersClose = false,
) {
  const socket: ModelSocket = Object.assign(expected.sockets.get(name) ?? { frames: [], answersClose }, { snapshot });
  expected.sockets.set(name, socket);
  for (const effect of effects) OBSERVABLE[effect.type]?.(socket, expected, effect);
  // The server answers a client's close with the client's code and reason (src/room/sockets.ts).
  if (event?.type === "SOCKET_CLOSED") socket.closed ??= { code: event.code, reason: event.reason };
  const closed = socket.answersClose ? socket.closed : undefined;
  if (closed && snapshot.matches("tearingDown")) {
    send(expected, name, {
      type: "SOCKET_CLOSED",
      at: defined(event, "the event that closed the socket").at,
      ...closed,
    });
  }
}

/** Webhook calls are made concurrently (waitUntil): compared in one order, by path and connection. */
export const inOrder = (calls: Call[]) =>
  calls.toSorted((a, b) => `${a.path} ${a.body.connectionId}`.localeCompare(`${b.path} ${b.body.connectionId}`));

/** What replay.ts's `observe` must find: the model's sockets in full, other clients by what was relayed to them. */
export function expectedView({ sockets, relays, webhooks }: Expected, clients: string[], room: unknown) {
  const view = clients.map((name) => {
    const socket = sockets.get(name);
    if (!socket) return [name, { relayed: relays[name] ?? [] }];
    const state =
      socket.snapshot.status === "done" ? "gone" : { value: socket.snapshot.value, context: socket.snapshot.context };
    return [name, { state, frames: socket.frames.map((text) => JSON.parse(text)), closed: socket.closed }];
  });
  return { clients: Object.fromEntries(view), webhooks: inOrder(webhooks), ...(room !== undefined && { room }) };
}
