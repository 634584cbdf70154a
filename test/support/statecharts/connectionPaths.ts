// The connection machine's path table: real payloads for every event it accepts, the Worker settings the paths run
// under, and the generated paths. Shared by the node tests, the coverage report and the Durable Object replay.
import type { SnapshotFrom } from "xstate";
import { type ConnectionMachine, connectionMachine } from "../../../machines/connection";
import type { ConnectionEvent, ConnectionInput, ConnectionSettings } from "../../../machines/connection.types";
import { DEADLINES, type DeadlineEventType, type DeadlineName, dueDeadlineEvent } from "../../../machines/deadlines";
import { parseClientFrame } from "../../../src/protocol/clientFrames";
import { settingsWith } from "../machineSettings";
import { generatePaths, type LabeledEvent, type MachinePath, type PathModel, type PayloadTable } from "./pathModel";

export type ConnectionSnapshot = SnapshotFrom<ConnectionMachine>;
export type ConnectionPath = MachinePath<ConnectionSnapshot, ConnectionEvent, ConnectionInput>;
export const [CONNECTION_ID, ROOM_ID] = ["connection-1", "room-1"];
const CLIENT_ID = "client-1";
/** The occupant already in the room (`SLOT_GRANTED(peer there)`); the one that joins later is "joiner". */
export const PEER_ID = "peer-1";
/** Far in the future, so that an alarm armed for a path's deadline never fires by itself during a replay. */
export const ACCEPTED_AT = Date.UTC(2100, 0, 1);
/** Frames, webhook answers and room messages arrive a second after the socket was accepted. */
const at = ACCEPTED_AT + 1_000;
/** The Worker's defaults (src/config.ts), which the replay projects run with, and the variant's switches. */
const variant = (name: string, settings: Partial<ConnectionSettings>) => ({
  name,
  input: { connectionId: CONNECTION_ID, roomId: ROOM_ID, now: ACCEPTED_AT, settings: settingsWith(settings) },
});
/** Between them the variants take every guard both ways. */
export const connectionVariants = [
  variant("authn off, message off, TURN off", { authnEnabled: false, typeMessage: false, turnEnabled: false }),
  variant("authn on, message on, TURN on", { authnEnabled: true, typeMessage: true, turnEnabled: true }),
  variant("authn off, message off, TURN on", { authnEnabled: false, typeMessage: false, turnEnabled: true }),
];
const one =
  <E extends ConnectionEvent>(label: string, event: E) =>
  (): Array<LabeledEvent<E>> => [{ label, event }];
/** A deadline fires at the time in the context, and only when the alarm would pick it (machines/deadlines.ts). */
const deadline =
  (name: DeadlineName) =>
  ({ context: { deadlines } }: ConnectionSnapshot) => {
    const [type, due] = [DEADLINES[name], deadlines[name]];
    return due !== null && dueDeadlineEvent(deadlines, due)?.type === type
      ? [{ label: type, event: { type, at: due } as never }]
      : [];
  };
/** Client frames by their wire text: the payload is what the room's parser makes of it, and the replay sends the text. */
const FRAME_TEXTS = new Map<string, string>();
function frame<K extends ConnectionEvent["type"]>(type: K, label: string, text: string) {
  const event = parseClientFrame(text, at);
  if (event.type !== type) throw new Error(`the frame of ${label} is ${event.type}, not ${type}`);
  FRAME_TEXTS.set(label, text);
  return (): Array<LabeledEvent<Extract<ConnectionEvent, { type: K }>>> => [
    { label, event: event as Extract<ConnectionEvent, { type: K }> },
  ];
}
/** The wire text of a payload made from a frame, by its label (test/worker-paths replays it as it is). */
export const frameTextOf = (label: string): string | undefined => FRAME_TEXTS.get(label);
/** Every deadline of machines/deadlines.ts, each as the event the alarm makes of it. */
const deadlinePayloads = Object.fromEntries(
  Object.keys(DEADLINES).map((name) => [DEADLINES[name as DeadlineName], deadline(name as DeadlineName)]),
) as {
  [K in DeadlineEventType]: ReturnType<typeof deadline>;
};
const register = (label: string, registration: object) => ({
  label,
  event: { type: "REGISTER" as const, at, registration: { roomId: ROOM_ID, ...registration } },
});
const peerLeft = (bye: boolean) => ({
  label: `PEER_LEFT(${bye ? "bye" : "no bye"})`,
  event: { type: "PEER_LEFT" as const, at, bye },
});

export const connectionPayloads: PayloadTable<ConnectionSnapshot, ConnectionEvent> = {
  REGISTER: () => [
    register("REGISTER", { clientId: CLIENT_ID }),
    register("REGISTER(standalone)", { standalone: true }),
    register("REGISTER(other roomId)", { roomId: "room-2", clientId: CLIENT_ID }),
  ],
  PONG: frame("PONG", "PONG", '{"type":"pong"}'),
  RELAY: ((offer, message) => () => [...offer(), ...message()])(
    frame("RELAY", "RELAY(offer)", '{"type":"offer","sdp":"v=0"}'),
    frame("RELAY", "RELAY(message)", '{"type":"message","data":"hi"}'),
  ),
  CONNECTED: frame("CONNECTED", "CONNECTED", '{"type":"connected"}'),
  UNEXPECTED_FRAME: frame("UNEXPECTED_FRAME", "UNEXPECTED_FRAME(accept)", '{"type":"accept"}'),
  MALFORMED_FRAME: frame("MALFORMED_FRAME", "MALFORMED_FRAME", "this is not JSON"),
  OVERSIZED_FRAME: one("OVERSIZED_FRAME", { type: "OVERSIZED_FRAME", at, bytes: 513 }),
  AUTHN_ALLOWED: () => [
    {
      label: "AUTHN_ALLOWED",
      event: {
        type: "AUTHN_ALLOWED",
        at,
        iceServers: [{ urls: ["stun:stun.example.com"] }],
        authzMetadata: { plan: "test" },
      },
    },
    { label: "AUTHN_ALLOWED(no iceServers)", event: { type: "AUTHN_ALLOWED", at, authzMetadata: { plan: "test" } } },
  ],
  AUTHN_DENIED: one("AUTHN_DENIED", { type: "AUTHN_DENIED", at, reason: "not allowed" }),
  AUTHN_FAILED: one("AUTHN_FAILED", { type: "AUTHN_FAILED", at, problem: "status 500" }),
  TURN_ISSUED: one("TURN_ISSUED", {
    type: "TURN_ISSUED",
    at,
    iceServers: [{ urls: ["turn:turn.example.com:3478?transport=udp"], username: "u", credential: "c" }],
  }),
  TURN_FAILED: one("TURN_FAILED", { type: "TURN_FAILED", at, problem: "status 500" }),
  SLOT_GRANTED: () => [
    { label: "SLOT_GRANTED(alone)", event: { type: "SLOT_GRANTED", at, isExistUser: false, peerId: null } },
    { label: "SLOT_GRANTED(peer there)", event: { type: "SLOT_GRANTED", at, isExistUser: true, peerId: PEER_ID } },
  ],
  SLOT_REFUSED: one("SLOT_REFUSED", { type: "SLOT_REFUSED", at }),
  // The room announces a peer only to a socket that has none, and releases only one that has one.
  PEER_JOINED: (s) =>
    s.context.peerId === null ? [{ label: "PEER_JOINED", event: { type: "PEER_JOINED", at, peerId: "joiner" } }] : [],
  PEER_LEFT: (s) => (s.context.peerId === null ? [] : [peerLeft(true), peerLeft(false)]),
  ...deadlinePayloads,
  DISPLACED: one("DISPLACED", { type: "DISPLACED", at }),
  PERSIST_FAILED: one("PERSIST_FAILED", { type: "PERSIST_FAILED", at }),
  SOCKET_CLOSED: one("SOCKET_CLOSED(1001)", { type: "SOCKET_CLOSED", at, code: 1001, reason: "going away" }),
};

/** What the paths are generated from; the Durable Object replay drops the payloads its allow-list rules out. */
export const connectionPathModel: PathModel<ConnectionSnapshot, ConnectionEvent, ConnectionInput> = {
  machine: connectionMachine,
  variants: connectionVariants,
  payloads: connectionPayloads,
  // joining lasts only until the room answers, within the same step of the Durable Object (replay allow-list):
  // a path that would end there ends with the answer of a room it is alone in.
  end: (s) => (s.matches({ active: "joining" }) ? connectionPayloads.SLOT_GRANTED(s)[0] : undefined),
  // While active, guards read `standalone` (when the slot is granted) and `peerId` (relay or not).
  abstractState: (s: ConnectionSnapshot) =>
    s.matches("active")
      ? { value: s.value, standalone: s.context.standalone, peer: s.context.peerId !== null }
      : { value: s.value },
};

export const connectionPaths: ConnectionPath[] = generatePaths(connectionPathModel);
