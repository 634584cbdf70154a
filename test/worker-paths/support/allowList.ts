// Where the replay does not hold the real Durable Object to a generated path, and why. Keep it short: every
// entry is tested to be needed (connection.paths.test.ts); docs/statecharts.md explains them.
import type { ConnectionEvent } from "../../../machines/connection.types";
import {
  type ConnectionPath,
  type ConnectionSnapshot,
  connectionPathModel,
} from "../../support/statecharts/connectionPaths";
import { generatePaths, type PayloadTable } from "../../support/statecharts/pathModel";

type State = { _nodes: ReadonlyArray<{ id: string }> };
/** For a socket in `state`: events that cannot reach it (the replay's paths are generated without them), and
 *  whether the replay compares it with the machine and evicts the object after a step that ends there (both by default). */
export type Entry = {
  state: string;
  unreachable?: { allBut: string[] } | { only: string[] };
  compared?: false;
  evicted?: false;
  reason: string;
};
export const ALLOW_LIST: readonly Entry[] = [
  {
    state: "connection.active.joining",
    unreachable: { allBut: ["SLOT_GRANTED", "SLOT_REFUSED"] },
    compared: false,
    reason:
      "the room answers within the step that entered joining: the shell queues the room's JOIN behind that event and drains the queue before any other input",
  },
  {
    state: "connection.active",
    unreachable: { only: ["PERSIST_FAILED"] },
    reason:
      "no client can make an attachment unwritable: all it controls there is bounded far below 16 KiB (test/worker-limits/faults.test.ts breaks serializeAttachment instead)",
  },
  ...["authenticating", "fetchingTurn"].map((state) => ({
    state: `connection.active.${state}`,
    evicted: false as const,
    reason:
      "a request is in flight (the replay holds its answer): pending I/O keeps the object, evictDurableObject waits for it",
  })),
];

const isIn = (state: State, entry: Entry) => state._nodes.some((node) => node.id === entry.state);
export const allowed = (state: State, what: "compared" | "evicted", entries = ALLOW_LIST) =>
  !entries.some((e) => isIn(state, e) && e[what] === false);
const blocks = ({ unreachable: events }: Entry, type: string) =>
  !!events && ("only" in events ? events.only.includes(type) : !events.allBut.includes(type));
/** The entry that says an event of `type` cannot reach a socket in `before`, if any. */
export const unreachable = (before: State, type: string) =>
  ALLOW_LIST.find((entry) => isIn(before, entry) && blocks(entry, type));

/** The payload table without the events that cannot reach the state they would be sent in. */
const reachable = (payloads: PayloadTable<ConnectionSnapshot, ConnectionEvent>) =>
  Object.fromEntries(
    Object.entries(payloads).map(([type, payloadsIn]) => [
      type,
      (snapshot: ConnectionSnapshot) => (unreachable(snapshot, type) ? [] : payloadsIn(snapshot as never)),
    ]),
  ) as typeof payloads;

/** The paths the replay gets: generated like the machine's own (test/support/statecharts/), from reachable events only. */
export const replayedPaths: ConnectionPath[] = generatePaths({
  ...connectionPathModel,
  payloads: reachable(connectionPathModel.payloads),
});
