// The event log of the inspector page: one row per event a machine took (time, machine, event, from → to),
// and one per actor that appeared. Heartbeats can be hidden; the oldest rows go beyond MAX_ROWS.
const MAX_ROWS = 2000;
const HEARTBEATS = new Set(["PING_DUE", "PONG"]);
const DETAIL_CHARS = 90;

function clock(at) {
  const time = new Date(at);
  const two = (n) => String(n).padStart(2, "0");
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, "0")}`;
}

/** An event's fields besides its type and time, connection ids shown by their session's label. */
function details(event, labelOf) {
  const shown = (value) =>
    typeof value === "string"
      ? (labelOf(value) ?? value)
      : typeof value === "object" && value !== null
        ? JSON.stringify(value)
        : String(value);
  return Object.entries(event)
    .filter(([key, value]) => key !== "type" && key !== "at" && value !== "")
    .map(([key, value]) => `${key}: ${shown(value)}`)
    .join(", ");
}

export class EventLog {
  /** `labelOf(sessionId)`: a session's short name, or undefined. */
  constructor(table, labelOf) {
    this.body = table.tBodies[0];
    this.labelOf = labelOf;
  }

  /** A machine appeared: the room and the connections already there when watching starts, then each new one. */
  actor(session, at, state) {
    const what = session.machine === "room" ? "watching the room" : "socket opened";
    this.#row({ at, who: session.label, event: what, change: state, kind: "actor" });
  }

  /**
   * An event took `session` from `from` to `to`. `at`: when the room stepped (the frame's `createdAt`, the
   * server's clock: room events carry no time of their own); `event` is redacted by the server.
   */
  step(session, { at, event, sourceId }, from, to) {
    const source = sourceId ? (this.labelOf(sourceId) ?? sourceId) : undefined;
    const done = session.status !== "active";
    this.#row({
      at,
      who: session.label,
      event: event.type,
      source,
      details: details(event, this.labelOf),
      change: from === to && !done ? `${to} (stays)` : `${from} → ${to}${done ? ` (${session.status})` : ""}`,
      kind: HEARTBEATS.has(event.type) ? "heartbeat" : from === to ? "stays" : "moves",
    });
  }

  clear() {
    this.body.replaceChildren();
  }

  #row({ at, who, event, source, details: detail = "", change, kind }) {
    const row = this.body.insertRow();
    row.className = kind;
    row.insertCell().textContent = clock(at);
    row.insertCell().textContent = who;
    const cell = row.insertCell();
    const name = document.createElement("strong");
    name.textContent = event;
    cell.append(name);
    if (source) cell.append(` from ${source}`);
    if (detail) {
      const small = document.createElement("small");
      small.textContent = detail.length > DETAIL_CHARS ? `${detail.slice(0, DETAIL_CHARS)}…` : detail;
      small.title = detail;
      cell.append(" ", small);
    }
    row.insertCell().textContent = change;
    while (this.body.rows.length > MAX_ROWS) this.body.deleteRow(0);
    const scroller = this.body.closest(".log-scroll");
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }
}
