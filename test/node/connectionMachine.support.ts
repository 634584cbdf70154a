// Shared by the connection machine's example tests: one socket driven with xstate's pure `initialTransition` /
// `transition`. Effects come back as the actions the shell would execute, with their params; what the machine
// emits for the room comes back as `{ emit: event }`. Context updates (deadlines, peerId) are read from the snapshot.
import { type AnyStateNode, initialTransition, type SnapshotFrom, type StateValue, transition } from "xstate";
import { connectionMachine } from "../../machines/connection";
import type {
  CloseParams,
  ConnectionEvent,
  ConnectionSettings,
  Registration,
  RelayFrameType,
} from "../../machines/connection.types";
import { defined } from "../support/defined";
import { settingsWith } from "../support/machineSettings";

export type Snapshot = SnapshotFrom<typeof connectionMachine>;
export type Effect = { type: string; params?: unknown } | { emit: unknown };
type Action = { type: string; params?: unknown };

/** The Worker's defaults, but a close timeout unlike every other duration, so that tests can tell it apart. */
export const SETTINGS: ConnectionSettings = settingsWith({ closeTimeoutMs: 7_000 });

export const ID = "01J0000000000000000000SELF";
export const PEER = "01J0000000000000000000PEER";
export const ROOM = "room";

export const AWAITING = { active: "awaitingRegister" };
export const AUTHENTICATING = { active: "authenticating" };
export const FETCHING_TURN = { active: "fetchingTurn" };
export const JOINING = { active: "joining" };
export const WAITING = { active: { accepted: { pinged: "waiting" } } };
export const PAIRED = { active: { accepted: { pinged: "paired" } } };
export const STANDALONE = { active: { accepted: "standalone" } };

function effectsOf(actions: readonly Action[]): Effect[] {
  return actions.map((action) => {
    if (action.type === "xstate.emit") return { emit: (action.params as { event: unknown }).event };
    return action.params === undefined ? { type: action.type } : { type: action.type, params: action.params };
  });
}

export function begin(settings: Partial<ConnectionSettings> = {}, now = 0): { snapshot: Snapshot; effects: Effect[] } {
  const [snapshot, actions] = initialTransition(connectionMachine, {
    connectionId: ID,
    roomId: ROOM,
    now,
    settings: { ...SETTINGS, ...settings },
  });
  return { snapshot, effects: effectsOf(actions) };
}

export const start = (settings: Partial<ConnectionSettings> = {}, now = 0): Snapshot => begin(settings, now).snapshot;

export function step(snapshot: Snapshot, event: ConnectionEvent): { snapshot: Snapshot; effects: Effect[] } {
  const [next, actions] = transition(connectionMachine, snapshot, event);
  return { snapshot: next, effects: effectsOf(actions) };
}

export function steps(snapshot: Snapshot, ...events: ConnectionEvent[]): Snapshot {
  return events.reduce((current, event) => step(current, event).snapshot, snapshot);
}

// Events.
export const register = (fields: Partial<Registration> = {}, at = 10): ConnectionEvent => ({
  type: "REGISTER",
  at,
  registration: { roomId: ROOM, ...fields },
});
export const granted = (isExistUser: boolean, peerId: string | null, at = 20): ConnectionEvent => ({
  type: "SLOT_GRANTED",
  at,
  isExistUser,
  peerId,
});
export const peerJoined = (peerId = PEER, at = 30): ConnectionEvent => ({ type: "PEER_JOINED", at, peerId });
export const peerLeft = (bye: boolean, at = 40): ConnectionEvent => ({ type: "PEER_LEFT", at, bye });
export const relay = (frameType: RelayFrameType, at = 50): ConnectionEvent => ({
  type: "RELAY",
  at,
  frameType,
  raw: `{"type":"${frameType}"}`,
});
export const closedBy = (code = 1000, at = 60): ConnectionEvent => ({ type: "SOCKET_CLOSED", at, code, reason: "" });
/** Events that carry nothing but their type and time. */
export const bare = (
  type:
    | "PONG"
    | "CONNECTED"
    | "DISPLACED"
    | "PERSIST_FAILED"
    | "PING_DUE"
    | "PONG_TIMEOUT"
    | "READ_TIMEOUT"
    | "REGISTER_TIMEOUT"
    | "CLOSE_TIMEOUT",
  at = 70,
): ConnectionEvent => ({ type, at });

// Effects.
export const close = (code: number, reason: string, outcome: CloseParams["outcome"]): Effect => ({
  type: "closeSocket",
  params: { code, reason, outcome },
});
export const join = (standalone = false): Effect => ({ emit: { type: "JOIN", connectionId: ID, standalone } });
const LEAVE: Effect = { emit: { type: "LEAVE", connectionId: ID } };
/** What entering closed does: the connection's summary line, then its data point. */
export const ENDED: Effect[] = [{ type: "logSummary" }, { type: "recordMetrics" }];
/** What entering tearingDown does after the transition's own effects (the close deadline is context). */
export const TEAR_DOWN: Effect[] = [LEAVE, { type: "callDisconnectWebhook", params: { closedBy: "server" } }];
export const CLIENT_CLOSED: Effect[] = [
  LEAVE,
  { type: "callDisconnectWebhook", params: { closedBy: "client" } },
  ...ENDED,
];

// States reached the way a real socket reaches them.
export const waiting = (settings: Partial<ConnectionSettings> = {}) =>
  steps(start(settings), register(), granted(false, null));
export const paired = (settings: Partial<ConnectionSettings> = {}) =>
  steps(start(settings), register(), granted(true, PEER));
export const standaloneAlone = (settings: Partial<ConnectionSettings> = {}) =>
  steps(start(settings), register({ standalone: true }), granted(false, null));

/** The tags of a connection in `value`, as the machine gives them (what the shell hands restore and admission). */
export const tagsOf = (value: StateValue): ReadonlySet<string> =>
  connectionMachine.resolveState({ value: value as Snapshot["value"], context: start().context }).tags;

/** Every leaf state of a machine, as the state value a persisted snapshot holds. */
export function leafValues(node: AnyStateNode): StateValue[] {
  const children = Object.values(node.states);
  if (children.length > 0) return children.flatMap(leafValues);
  const [last, ...outer] = [...node.path].reverse();
  return [outer.reduce<StateValue>((inner, key) => ({ [key]: inner }), defined(last, "a leaf state's key"))];
}
