// Types of the connection machine: one machine per WebSocket, persisted in the socket's attachment.
// Nothing here knows about Cloudflare, valibot or the shell; the shell turns its inputs into these events.

/** Settings the machine needs to decide; copied from the Worker config when the socket is accepted. */
export interface ConnectionSettings {
  authnEnabled: boolean;
  typeMessage: boolean;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  readTimeoutMs: number;
}

export interface ConnectionInput {
  connectionId: string;
  roomId: string;
  now: number;
  settings: ConnectionSettings;
}

export interface ConnectionContext {
  connectionId: string;
  /** The room id the socket was routed to. */
  roomId: string;
  /** After defaulting: the client's `clientId`, else the connection id. `""` until registered. */
  clientId: string;
  standalone: boolean;
  settings: ConnectionSettings;
  /** Epoch ms. Deadlines are data: the shell arms one alarm for the earliest of all sockets. */
  readDeadline: number;
  nextPingAt: number | null;
  pongDeadline: number | null;
  /** What the authentication webhook granted, kept from `AUTHN_ALLOWED` until `accept` is sent. */
  grant: { iceServers?: unknown; authzMetadata?: unknown } | null;
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

export type ConnectionEvent =
  // Frames from the client (`at` is when the frame arrived).
  | { type: "REGISTER"; at: number; registration: Registration }
  | { type: "PONG"; at: number }
  | { type: "RELAY"; at: number; frameType: RelayFrameType; raw: string }
  | { type: "CONNECTED"; at: number }
  | { type: "UNEXPECTED_FRAME"; at: number; frameType: string }
  | { type: "MALFORMED_FRAME"; at: number; problem: string }
  | { type: "OVERSIZED_FRAME"; at: number; bytes: number }
  // Answers of the authentication webhook.
  | { type: "AUTHN_ALLOWED"; iceServers?: unknown; authzMetadata?: unknown }
  | { type: "AUTHN_DENIED"; reason: string }
  | { type: "AUTHN_FAILED"; problem: string }
  // Decisions of the room machine.
  | { type: "SLOT_GRANTED"; at: number; isExistUser: boolean }
  | { type: "SLOT_REFUSED" }
  | { type: "PEER_JOINED" }
  | { type: "PEER_LEFT"; sendBye: boolean }
  // Deadlines that passed (delivered by the alarm).
  | { type: "PING_DUE"; at: number }
  | { type: "PONG_TIMEOUT"; at: number }
  | { type: "READ_TIMEOUT"; at: number }
  // The socket closed or failed underneath us.
  | { type: "SOCKET_CLOSED"; code: number; reason: string };

export type ConnectionEventType = ConnectionEvent["type"];

/** Parameters of the `closeSocket` effect. */
export interface CloseParams {
  code: number;
  reason: string;
}
