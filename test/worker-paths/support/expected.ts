// What the pure machines say the outside world must see. A socket the model names has the pure connection
// machine's snapshot, and each effect that machine returns is translated, one row per effect, into what the
// test's clients and the webhook server observe: frames, the close, relays to the peer, webhook requests.
import { connectionMachine } from "../../../machines/connection";
import type { ConnectionEvent, ConnectionInput } from "../../../machines/connection.types";
import { acceptFrame, BYE_FRAME, PING_FRAME, rejectFrame } from "../../../src/protocol/serverFrames";
import { pureTransitions } from "../../../src/room/pureTransition";
import type { ConnectionSnapshot } from "../../support/statecharts/connectionPaths";
import { effectsOf, type Effect } from "../../support/statecharts/pathModel";
import { AUTHN_PATH, DISCONNECT_PATH } from "../../support/webhookControl";
import type { Closed } from "../../support/workerSocket";

interface ModelSocket {
  snapshot: ConnectionSnapshot;
  frames: string[];
  /** How the server closed it, or answered its close. */
  closed?: Closed;
  /** A client that is not half-open answers the server's close at once: its machine then hears SOCKET_CLOSED. */
  answersClose: boolean;
}

export interface Expected {
  sockets: Map<string, ModelSocket>;
  /** Relayed texts, by the name of the peer that must have received them. */
  relays: Record<string, string[]>;
  webhooks: Array<{ path: string; body: unknown }>;
}

export const nothingExpected = (): Expected => ({ sockets: new Map(), relays: {}, webhooks: [] });

const ids = ({ roomId, clientId, connectionId }: ConnectionSnapshot["context"]) => ({ roomId, clientId, connectionId });

/** Effect → what it shows outside. The others show only in logs or are messages between the machines. */
export const OBSERVABLE: Record<string, (socket: ModelSocket, expected: Expected, effect: Effect) => void> = {
  sendAccept: (socket, _, { context, event }) => socket.frames.push(acceptFrame(context.connectionId, event.isExistUser, context.grant)),
  sendReject: (socket, _, { params, event }) => socket.frames.push(rejectFrame(params.reason ?? event.reason)),
  sendPing: (socket) => socket.frames.push(PING_FRAME),
  sendBye: (socket) => socket.frames.push(BYE_FRAME),
  relayToPeer: (_, expected, { context, event }) => (expected.relays[context.peerId] ??= []).push(event.raw),
  closeSocket: (socket, _, { params }) => (socket.closed ??= { code: params.code, reason: params.reason }),
  callAuthnWebhook: (_, expected, { context }) => expected.webhooks.push({ path: AUTHN_PATH, body: ids(context) }),
  callDisconnectWebhook: (_, expected, { context }) => expected.webhooks.push({ path: DISCONNECT_PATH, body: ids(context) }),
};

export function started(expected: Expected, name: string, answersClose: boolean, result: [ConnectionSnapshot, Effect[]]): void {
  expected.sockets.set(name, { snapshot: result[0], frames: [], answersClose });
  took(expected, name, result);
}

/** The socket `name` is now in `snapshot`, having returned `effects` for `event`. */
export function took(expected: Expected, name: string, [snapshot, effects]: [ConnectionSnapshot, Effect[]], event?: ConnectionEvent): void {
  const socket = Object.assign(expected.sockets.get(name)!, { snapshot });
  for (const effect of effects) OBSERVABLE[effect.type]?.(socket, expected, effect);
  // The server answers a client's close with the client's code and reason (src/room/sockets.ts).
  if (event?.type === "SOCKET_CLOSED") socket.closed ??= { code: event.code, reason: event.reason };
}

const pure = pureTransitions(connectionMachine, { connectionId: "", roomId: "", now: 0, settings: {} as ConnectionInput["settings"] });

export function initially(input: ConnectionInput): [ConnectionSnapshot, Effect[]] {
  const [snapshot, actions] = pure.initialTransition(input);
  return [snapshot, effectsOf(actions)];
}

/** The socket `name`'s machine gets `event`: its pure transition decides what changes. */
export function send(expected: Expected, name: string, event: ConnectionEvent): void {
  const socket = expected.sockets.get(name)!;
  const [snapshot, actions] = pure.transition(socket.snapshot, event);
  took(expected, name, [snapshot, effectsOf(actions)], event);
  if (socket.answersClose && socket.closed && snapshot.matches("tearingDown")) send(expected, name, { type: "SOCKET_CLOSED", at: event.at, ...socket.closed });
}

/** What replay.ts's `observe` must find: the model's sockets in full, other clients by what they were relayed. */
export function expectedView({ sockets, relays, webhooks }: Expected, clients: string[], room: unknown) {
  const view = clients.map((name) => {
    const socket = sockets.get(name);
    if (!socket) return [name, { relayed: relays[name] ?? [] }];
    const state = socket.snapshot.status === "done" ? "gone" : { value: socket.snapshot.value, context: socket.snapshot.context };
    return [name, { state, frames: socket.frames.map((text) => JSON.parse(text)), closed: socket.closed }];
  });
  return { clients: Object.fromEntries(view), webhooks: inOrder(webhooks), ...(room !== undefined && { room }) };
}

/** Webhook calls are made concurrently (waitUntil): compared in one order, by path and connection. */
export const inOrder = (calls: Array<{ path: string; body: unknown }>) =>
  calls.map((call) => [`${call.path} ${(call.body as { connectionId?: string }).connectionId}`, call] as const).sort(([a], [b]) => a.localeCompare(b)).map(([, call]) => call);
