// What an inspector may see of the machines: one list of what is public, per event type and per context
// field. Everything else stays in the room: signaling keys (`signalingKey`, `key`), `authnMetadata`,
// `authzMetadata`, ICE servers' `username` and `credential`, copied header values (never in a machine's
// context or event anyway), and every relayed payload (a RELAY event shows its frame type and its size in
// UTF-8 bytes, never SDP or candidates). A new event type does not compile until it is listed here.
import type { ConnectionContext, ConnectionEvent, Registration } from "../../machines/connection.types";
import { DEADLINES, type DeadlineEventType } from "../../machines/deadlines";
import type { RoomContext, RoomEvent } from "../../machines/room.types";

type Event = ConnectionEvent | RoomEvent;
type Public = Record<string, unknown>;

/** Fields of a `register` frame that are not secrets. */
const PUBLIC_REGISTRATION: ReadonlyArray<keyof Registration> = [
  "roomId",
  "clientId",
  "standalone",
  "ayameClient",
  "libwebrtc",
  "environment",
];

const encoder = new TextEncoder();

function pick<T extends object>(value: T, keys: ReadonlyArray<keyof T>): Public {
  const out: Public = {};
  for (const key of keys) if (value[key] !== undefined) out[key as string] = value[key];
  return out;
}

/** ICE servers by their URLs alone: the credentials a TURN service or the webhook issued stay in the room. */
function publicIceServers(iceServers: unknown): unknown {
  const list = Array.isArray(iceServers) ? iceServers : iceServers === undefined ? undefined : [iceServers];
  return list?.map((server) =>
    typeof server === "object" && server !== null && "urls" in server ? { urls: server.urls } : {},
  );
}

/** Each event type's public view. */
const EVENTS: { [K in Event["type"]]: (event: Extract<Event, { type: K }>) => Public } = {
  REGISTER: ({ type, at, registration }) => ({ type, at, registration: pick(registration, PUBLIC_REGISTRATION) }),
  PONG: (event) => event,
  RELAY: ({ type, at, frameType, raw }) => ({ type, at, frameType, bytes: encoder.encode(raw).byteLength }),
  CONNECTED: (event) => event,
  UNEXPECTED_FRAME: (event) => event,
  MALFORMED_FRAME: (event) => event,
  OVERSIZED_FRAME: (event) => event,
  AUTHN_ALLOWED: ({ type, at, iceServers }) => ({ type, at, iceServers: publicIceServers(iceServers) }),
  AUTHN_DENIED: (event) => event,
  AUTHN_FAILED: (event) => event,
  TURN_ISSUED: ({ type, at, iceServers }) => ({ type, at, iceServers: publicIceServers(iceServers) }),
  TURN_FAILED: (event) => event,
  SLOT_GRANTED: (event) => event,
  SLOT_REFUSED: (event) => event,
  PEER_JOINED: (event) => event,
  PEER_LEFT: (event) => event,
  // A deadline that passed carries its time alone (machines/deadlines.ts).
  ...(Object.fromEntries(Object.values(DEADLINES).map((type) => [type, (event: Event): Public => event])) as Record<
    DeadlineEventType,
    (event: Event) => Public
  >),
  DISPLACED: (event) => event,
  PERSIST_FAILED: (event) => event,
  SOCKET_CLOSED: (event) => event,
  JOIN: (event) => event,
  LEAVE: (event) => event,
};

export function publicEvent(event: Event): Public {
  const view = EVENTS[event.type] as (event: Event) => Public;
  return { ...view(event) };
}

/** A connection's context without its grant's secrets (what `accept` will carry is shown as ICE server URLs). */
export function publicConnectionContext(context: ConnectionContext): Public {
  const {
    connectionId,
    openedAt,
    registeredAt,
    acceptedAt,
    roomId,
    routing,
    clientId,
    ayameClient,
    libwebrtc,
    standalone,
    peerId,
    deadlines,
    settings,
    grant,
  } = context;
  return {
    connectionId,
    openedAt,
    registeredAt,
    acceptedAt,
    roomId,
    routing,
    clientId,
    ayameClient,
    libwebrtc,
    standalone,
    peerId,
    deadlines,
    settings,
    grant: grant && { iceServers: publicIceServers(grant.iceServers) },
  };
}

export function publicRoomContext(context: RoomContext): Public {
  return { occupants: context.occupants };
}
