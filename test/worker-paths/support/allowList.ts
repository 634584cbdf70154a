// Where the replay does not hold the real Durable Object to a generated path, and why. Keep it short: every
// entry is tested to be needed (connection.paths.test.ts); docs/statecharts.md explains them.
type State = { _nodes: ReadonlyArray<{ id: string }> };
export type Entry = { state: string; reason: string };

const JOINING = "connection.active.joining";
const ROOM_ANSWERS_FIRST = "the room answers within the step that entered joining: the shell queues the room's JOIN behind that event and drains the queue before any other input";

/** Events that cannot reach a socket in `state` (all but `allBut`, or those in `only`): paths with one are skipped. */
export const UNREACHABLE: ReadonlyArray<Entry & ({ allBut: string[] } | { only: string[] })> = [
  { state: JOINING, allBut: ["SLOT_GRANTED", "SLOT_REFUSED"], reason: ROOM_ANSWERS_FIRST },
  {
    state: "connection.active",
    only: ["PERSIST_FAILED"],
    reason: "no client can make an attachment unwritable: all it controls there is bounded far below 16 KiB (test/worker-limits/faults.test.ts breaks serializeAttachment instead)",
  },
];

/** States in which the real socket is not compared with the machine after a step. */
export const NOT_COMPARED: readonly Entry[] = [{ state: JOINING, reason: ROOM_ANSWERS_FIRST }];

/** States after which the object is not evicted. */
export const NOT_EVICTED: readonly Entry[] = [
  {
    state: "connection.active.authenticating",
    reason: "the webhook request is in flight (the replay holds its answer): pending I/O keeps the object, evictDurableObject waits for it",
  },
];

const isIn = (state: State, id: string) => state._nodes.some((node) => node.id === id);
export const listed = (entries: readonly Entry[], state: State) => entries.find((entry) => isIn(state, entry.state));
export const unreachable = (before: State, type: string) =>
  UNREACHABLE.find((entry) => isIn(before, entry.state) && ("only" in entry ? entry.only.includes(type) : !entry.allBut.includes(type)));
