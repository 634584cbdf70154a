// Whether a room takes one more socket. Every socket the room tracks counts: registered, pending (no
// `register` yet) and closing. At the cap, the oldest socket that is only closing is let go, else the oldest
// pending one is displaced (a flood of sockets that never register cannot lock a real client out), else the
// upgrade is refused before the object accepts it.
import type { StateValue } from "xstate";

export interface TrackedSocket {
  connectionId: string;
  /** The connection machine's state value. */
  state: StateValue;
}

export type Admission = { admit: true; displace?: string } | { admit: false };

const isPending = (state: StateValue) =>
  typeof state === "object" && (state as { active?: unknown }).active === "awaitingRegister";

/** `sockets` in the order they were accepted. */
export function admission(sockets: readonly TrackedSocket[], maxSockets: number): Admission {
  if (sockets.length < maxSockets) return { admit: true };
  const closing = sockets.find((s) => s.state === "tearingDown");
  if (closing) return { admit: true, displace: closing.connectionId };
  const pending = sockets.find((s) => isPending(s.state));
  if (pending) return { admit: true, displace: pending.connectionId };
  return { admit: false };
}
