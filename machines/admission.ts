// Whether a room takes one more socket. Every socket the room tracks counts: registered, pending (no
// `register` yet) and closing. At the cap, places are freed for the new socket: first by letting go of
// sockets that are only closing (oldest first), then by displacing the oldest pending ones (a flood of sockets
// that never register cannot lock a real client out). A displaced socket is forgotten at once (its machine
// goes straight to `closed`), so every place freed is a place taken. Registered sockets are never displaced:
// when there are not enough others, the upgrade is refused before the object accepts it.

export interface TrackedSocket {
  connectionId: string;
  /** The tags of the connection machine's state (ConnectionTag: `pending`, no `register` yet; `closing`). */
  tags: ReadonlySet<string>;
}

export type Admission = { admit: true; displace: string[] } | { admit: false };

/** `sockets` in the order they were accepted. */
export function admission(sockets: readonly TrackedSocket[], maxSockets: number): Admission {
  const excess = sockets.length + 1 - maxSockets;
  if (excess <= 0) return { admit: true, displace: [] };
  const closing = sockets.filter((s) => s.tags.has("closing"));
  const pending = sockets.filter((s) => s.tags.has("pending"));
  const victims = [...closing, ...pending].slice(0, excess);
  if (victims.length < excess) return { admit: false };
  return { admit: true, displace: victims.map((s) => s.connectionId) };
}
