// What the replay cannot do literally, and why. Keep both lists as short as possible: every entry is a place
// where the real Durable Object is not held to the generated path. docs/statecharts.md explains them.

export interface UnreachableStep {
  /** The state the event would have to arrive in. */
  state: string;
  /** Every event type but these cannot reach a socket in `state`. */
  allBut: readonly string[];
  reason: string;
  /** What the replay performs instead. */
  replayedAs: string;
}

export const UNREACHABLE_STEPS: readonly UnreachableStep[] = [
  {
    state: "connection.active.joining",
    allBut: ["SLOT_GRANTED", "SLOT_REFUSED"],
    reason:
      "the shell queues the room's JOIN behind the event that entered joining and drains the queue before it " +
      "handles anything else, so the room's answer always comes first: no frame, alarm or close can arrive in joining",
    replayedAs: "the room's answer (SLOT_GRANTED(alone): nobody else is in the room) is inserted before the event",
  },
];

export interface EvictionImpossible {
  /** After a step that leaves the socket under test in this state, the object is not evicted. */
  state: string;
  reason: string;
}

export const EVICTION_IMPOSSIBLE: readonly EvictionImpossible[] = [
  {
    state: "connection.active.authenticating",
    reason:
      "the authentication webhook is in flight (the replay holds its answer): pending I/O keeps the object in memory " +
      "(durable_object_io_tasks_prevent_eviction); evictDurableObject waits for it and times out",
  },
  {
    state: "connection.tearingDown",
    reason:
      "the server has sent its close frame and the client (half-open, so that tearingDown lasts) has not answered: " +
      "workerd keeps an object with a closing socket (evictDurableObject times out: active references)",
  },
];

export function unreachableStep(state: string, eventType: string): UnreachableStep | undefined {
  return UNREACHABLE_STEPS.find((entry) => entry.state === state && !entry.allBut.includes(eventType));
}
