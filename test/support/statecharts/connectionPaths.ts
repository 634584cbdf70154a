// The connection machine's path table: real payloads for every event it accepts, the inputs (Worker
// settings) the paths run under, and the generated paths. Shared by the pure node tests, the coverage
// report and the Durable Object replay.
import type { SnapshotFrom } from "xstate";
import { connectionMachine, type ConnectionMachine } from "../../../machines/connection";
import type { ConnectionEvent, ConnectionInput, ConnectionSettings } from "../../../machines/connection.types";
import { generatePaths, type MachinePath, type PayloadTable } from "./pathModel";

export type ConnectionSnapshot = SnapshotFrom<ConnectionMachine>;
export type ConnectionPath = MachinePath<ConnectionSnapshot, ConnectionEvent, ConnectionInput>;

export const CONNECTION_ID = "connection-1";
export const ROOM_ID = "room-1";
export const OTHER_ROOM_ID = "room-2";
export const CLIENT_ID = "client-1";
/** When the socket was accepted. */
export const ACCEPTED_AT = 1_700_000_000_000;
/** When client frames arrive. */
export const FRAME_AT = ACCEPTED_AT + 1_000;
export const RELAYED_OFFER = JSON.stringify({ type: "offer", sdp: "v=0" });
export const RELAYED_MESSAGE = JSON.stringify({ type: "message", data: "hello" });

const baseSettings: ConnectionSettings = {
  authnEnabled: false,
  typeMessage: false,
  pingIntervalMs: 5_000,
  pongTimeoutMs: 60_000,
  readTimeoutMs: 90_000,
};

export interface ConnectionVariant {
  name: string;
  input: ConnectionInput;
}

function variant(name: string, settings: Partial<ConnectionSettings>): ConnectionVariant {
  return {
    name,
    input: { connectionId: CONNECTION_ID, roomId: ROOM_ID, now: ACCEPTED_AT, settings: { ...baseSettings, ...settings } },
  };
}

/** Between them the variants take every guard both ways. */
export const connectionVariants: ConnectionVariant[] = [
  variant("authn off, message off", { authnEnabled: false, typeMessage: false }),
  variant("authn on, message on", { authnEnabled: true, typeMessage: true }),
];

/** Timer events fire at the deadline the machine stored, as the Durable Object's alarm would. */
export const connectionPayloads: PayloadTable<ConnectionSnapshot, ConnectionEvent> = {
  REGISTER: () => [
    { label: "REGISTER", event: { type: "REGISTER", at: FRAME_AT, registration: { roomId: ROOM_ID, clientId: CLIENT_ID } } },
    {
      label: "REGISTER(standalone)",
      event: { type: "REGISTER", at: FRAME_AT, registration: { roomId: ROOM_ID, standalone: true } },
    },
    {
      label: "REGISTER(other roomId)",
      event: { type: "REGISTER", at: FRAME_AT, registration: { roomId: OTHER_ROOM_ID, clientId: CLIENT_ID } },
    },
  ],
  PONG: () => [{ label: "PONG", event: { type: "PONG", at: FRAME_AT } }],
  RELAY: () => [
    { label: "RELAY(offer)", event: { type: "RELAY", at: FRAME_AT, frameType: "offer", raw: RELAYED_OFFER } },
    { label: "RELAY(message)", event: { type: "RELAY", at: FRAME_AT, frameType: "message", raw: RELAYED_MESSAGE } },
  ],
  CONNECTED: () => [{ label: "CONNECTED", event: { type: "CONNECTED", at: FRAME_AT } }],
  UNEXPECTED_FRAME: () => [
    { label: "UNEXPECTED_FRAME(accept)", event: { type: "UNEXPECTED_FRAME", at: FRAME_AT, frameType: "accept" } },
  ],
  MALFORMED_FRAME: () => [
    { label: "MALFORMED_FRAME", event: { type: "MALFORMED_FRAME", at: FRAME_AT, problem: "not JSON" } },
  ],
  OVERSIZED_FRAME: () => [
    { label: "OVERSIZED_FRAME", event: { type: "OVERSIZED_FRAME", at: FRAME_AT, bytes: 1_048_577 } },
  ],
  AUTHN_ALLOWED: () => [
    {
      label: "AUTHN_ALLOWED",
      event: {
        type: "AUTHN_ALLOWED",
        iceServers: [{ urls: ["stun:stun.example.com:3478"] }],
        authzMetadata: { plan: "test" },
      },
    },
  ],
  AUTHN_DENIED: () => [{ label: "AUTHN_DENIED", event: { type: "AUTHN_DENIED", reason: "not allowed" } }],
  AUTHN_FAILED: () => [{ label: "AUTHN_FAILED", event: { type: "AUTHN_FAILED", problem: "status 500" } }],
  SLOT_GRANTED: () => [
    { label: "SLOT_GRANTED(alone)", event: { type: "SLOT_GRANTED", at: FRAME_AT, isExistUser: false } },
    { label: "SLOT_GRANTED(peer there)", event: { type: "SLOT_GRANTED", at: FRAME_AT, isExistUser: true } },
  ],
  SLOT_REFUSED: () => [{ label: "SLOT_REFUSED", event: { type: "SLOT_REFUSED" } }],
  PEER_JOINED: () => [{ label: "PEER_JOINED", event: { type: "PEER_JOINED" } }],
  PEER_LEFT: () => [
    { label: "PEER_LEFT(bye)", event: { type: "PEER_LEFT", sendBye: true } },
    { label: "PEER_LEFT(no bye)", event: { type: "PEER_LEFT", sendBye: false } },
  ],
  PING_DUE: (snapshot) => [{ label: "PING_DUE", event: { type: "PING_DUE", at: snapshot.context.nextPingAt ?? FRAME_AT } }],
  PONG_TIMEOUT: (snapshot) => [
    { label: "PONG_TIMEOUT", event: { type: "PONG_TIMEOUT", at: snapshot.context.pongDeadline ?? FRAME_AT } },
  ],
  READ_TIMEOUT: (snapshot) => [
    { label: "READ_TIMEOUT", event: { type: "READ_TIMEOUT", at: snapshot.context.readDeadline } },
  ],
  SOCKET_CLOSED: () => [{ label: "SOCKET_CLOSED(1001)", event: { type: "SOCKET_CLOSED", code: 1001, reason: "going away" } }],
};

/**
 * Guards read `standalone` from the context (to pick the standalone branch when the slot is granted);
 * everything else that decides a transition is in the state value or the event.
 */
function abstractConnectionState(snapshot: ConnectionSnapshot) {
  return snapshot.matches("active") ? { value: snapshot.value, standalone: snapshot.context.standalone } : { value: snapshot.value };
}

export const connectionPaths: ConnectionPath[] = generatePaths({
  name: "connection",
  machine: connectionMachine,
  variants: connectionVariants,
  payloads: connectionPayloads,
  abstractState: abstractConnectionState,
});
