// Types of the connection machine: one machine per WebSocket, persisted in the socket's attachment.
// Nothing here knows about Cloudflare, valibot or the shell; the shell turns its inputs into these events.
import type { DeadlineEventType, Deadlines } from "./deadlines";
import type { RoomEvent } from "./room.types";

/** Settings the machine decides by; derived from the Worker config in one place (src/config.ts). */
export interface ConnectionSettings {
  authnEnabled: boolean;
  /** Cloudflare Realtime TURN credentials are fetched for clients that get no `iceServers` otherwise. */
  turnEnabled: boolean;
  typeMessage: boolean;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  readTimeoutMs: number;
  registerTimeoutMs: number;
  closeTimeoutMs: number;
}

/** How the socket reached its room: by the URL (`?roomId=`, `CF-Room-Id`), or by its `register` (stock URLs). */
export type Routing = "url" | "register";

export interface ConnectionInput {
  connectionId: string;
  roomId: string;
  /** Only the register router says `register`; a socket the Worker routed by its URL needs nothing. */
  routing?: Routing;
  now: number;
  settings: ConnectionSettings;
}

/** What the authentication webhook granted, kept from `AUTHN_ALLOWED` until `accept` is sent. */
interface Grant {
  iceServers?: unknown;
  authzMetadata?: unknown;
}

export interface ConnectionContext {
  connectionId: string;
  /** Epoch ms of the upgrade, the `register` and the `accept`: for the connection's summary line. */
  openedAt: number;
  registeredAt: number | null;
  acceptedAt: number | null;
  /** The room id the socket was routed to; `""` on a stock URL until `register` names it. */
  roomId: string;
  routing: Routing;
  /** After defaulting: the client's `clientId`, else the connection id. `""` until registered. */
  clientId: string;
  standalone: boolean;
  /** What the client calls itself in `register` (machines/clientNames.ts): null when it said nothing. */
  ayameClient: string | null;
  libwebrtc: string | null;
  /** The other occupant, as the room machine told us (`SLOT_GRANTED`, `PEER_JOINED`). */
  peerId: string | null;
  settings: ConnectionSettings;
  deadlines: Deadlines;
  grant: Grant | null;
}

/** The fields of a valid `register` frame, after validation. */
export interface Registration {
  roomId: string;
  clientId?: string;
  signalingKey?: string;
  key?: string;
  authnMetadata?: unknown;
  ayameClient?: string;
  libwebrtc?: string;
  environment?: string;
  standalone?: boolean;
}

export type RelayFrameType = "offer" | "answer" | "candidate" | "message";

/** Every event carries `at`, the epoch ms it happened: deadlines are computed from it. */
export type ConnectionEvent = { at: number } & ConnectionEventBody;

type ConnectionEventBody =
  // Frames from the client.
  | { type: "REGISTER"; registration: Registration }
  | { type: "PONG" }
  | { type: "RELAY"; frameType: RelayFrameType; raw: string }
  | { type: "CONNECTED" }
  | { type: "UNEXPECTED_FRAME"; frameType: string }
  | { type: "MALFORMED_FRAME"; problem: string }
  | { type: "OVERSIZED_FRAME"; bytes: number }
  // Answers of the authentication webhook.
  | { type: "AUTHN_ALLOWED"; iceServers?: unknown; authzMetadata?: unknown }
  | { type: "AUTHN_DENIED"; reason: string }
  | { type: "AUTHN_FAILED"; problem: string }
  // Answers of the TURN credentials API.
  | { type: "TURN_ISSUED"; iceServers: unknown }
  | { type: "TURN_FAILED"; problem: string }
  // Messages of the room machine.
  | RoomMessageBody
  // Deadlines that passed (delivered by the alarm).
  | { type: DeadlineEventType }
  // The room is at its socket cap and a new socket takes this one's place (machines/admission.ts).
  | { type: "DISPLACED" }
  // The socket's state could not be persisted; it must not live on diverging from what a wake-up restores.
  | { type: "PERSIST_FAILED" }
  // The socket closed or failed underneath us.
  | { type: "SOCKET_CLOSED"; code: number; reason: string };

export type ConnectionEventType = ConnectionEvent["type"];

/** What the room machine tells one connection (without the address and the time). */
export type RoomMessageBody =
  | { type: "SLOT_GRANTED"; isExistUser: boolean; peerId: string | null }
  | { type: "SLOT_REFUSED" }
  | { type: "PEER_JOINED"; peerId: string }
  | { type: "PEER_LEFT"; bye: boolean };

/** Emitted by the room machine: a message for the connection `to`. */
export type RoomMessage = RoomMessageBody & { to: string };

/** Emitted by a connection machine: an event for the room machine. */
export type ConnectionMessage = RoomEvent;

/**
 * What the shell and the pure functions about the room (restore, admission) may ask of a connection's state:
 * `pending` — no `register` yet; `accepted` — holds a slot (`accept` was sent); `closing` — the server closed
 * the socket and waits for the client's side of the close handshake.
 */
export type ConnectionTag = "pending" | "accepted" | "closing";

/** Why the server closes a socket: the `outcome` of the connection's summary line. */
export type CloseOutcome =
  | "protocolError"
  | "timeout"
  | "rejected"
  | "peerLeft"
  | "ended"
  | "displaced"
  | "internalError";

/** Outcomes that are problems: each also gets a `warn` line when it happens, not only the summary line. */
export const PROBLEM_OUTCOMES: ReadonlySet<CloseOutcome> = new Set(["protocolError", "internalError"]);

/** Parameters of the `closeSocket` effect. */
export interface CloseParams {
  code: number;
  reason: string;
  outcome: CloseOutcome;
}
