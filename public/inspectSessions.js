// The actors of the room being watched, as the inspection stream announced them (`@xstate.actor`): the room
// machine (session "room") and one connection machine per socket, with the state each is in now.
import { stateLabel, stateNamer } from "/inspectStates.js";

export class Sessions {
  #byId = new Map();
  #connections = 0;

  /** Takes an `@xstate.actor` frame; returns the new session. */
  add(frame) {
    const isRoom = frame.parentId === undefined || frame.parentId === null;
    const session = {
      id: frame.sessionId,
      machine: frame.name,
      label: isRoom ? "room" : `connection ${++this.#connections}`,
      namer: stateNamer(frame.definition),
      value: frame.snapshot?.value,
      status: frame.snapshot?.status ?? "active",
      context: frame.snapshot?.context ?? {},
    };
    this.#byId.set(session.id, session);
    return session;
  }

  get(sessionId) {
    return this.#byId.get(sessionId);
  }

  /** A session's short name ("room", "connection 2"), or undefined for an id that names no session. */
  labelOf(sessionId) {
    return this.#byId.get(sessionId)?.label;
  }

  /** Takes an `@xstate.snapshot` frame; returns the session and the state it left, or undefined if unknown. */
  step(frame) {
    const session = this.#byId.get(frame.sessionId);
    if (!session) return undefined;
    const from = this.stateOf(session);
    session.value = frame.snapshot?.value;
    session.status = frame.snapshot?.status ?? "active";
    session.context = frame.snapshot?.context ?? {};
    return { session, from };
  }

  /** The state's name, as its diagram box is titled. */
  stateOf(session) {
    return stateLabel(session.namer, session.value);
  }

  clear() {
    this.#byId.clear();
    this.#connections = 0;
  }
}
