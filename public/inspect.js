// The inspector page (docs/inspector.md): opens `/inspect?roomId=<room>` with the token as the subprotocol
// pair `ayame-inspect` + `bearer.<token>` (a browser cannot set headers on a WebSocket) and shows the stream of
// Stately inspection events it sends: the machines' diagrams with their active states, an event log, and on
// request the same stream in Stately Inspector. The token stays in sessionStorage, never in the address.
import { DiagramBoard } from "/inspectDiagrams.js";
import { EventLog } from "/inspectLog.js";
import { Sessions } from "/inspectSessions.js";
import { inspectorUrl, openStately } from "/inspectStately.js";

const TOKEN_KEY = "ayame-do.inspect-token";
/** Frames kept for Stately Inspector; beyond, the oldest events go (every actor stays: Stately needs them). */
const KEPT_FRAMES = 10_000;
const PROTOCOL = "ayame-inspect";

const $ = (id) => document.getElementById(id);
const form = $("watch-form");
const roomInput = $("room");
const tokenInput = $("token");
const stopButton = $("stop");
const statelyButton = $("stately");

const sessions = new Sessions();
const board = new DiagramBoard($("machines"), (session) => sessions.stateOf(session));
const log = new EventLog($("events"), (sessionId) => sessions.labelOf(sessionId));
const stately = inspectorUrl(location);

let socket = null;
/** Every frame of this watch, in order, for Stately Inspector; `@xstate.event`s wait for their snapshot here. */
let received = [];
const pendingEvents = new Map();
let forwarder = null;

function setStatus(text) {
  $("status").textContent = text;
}

function setWatching(watching) {
  for (const element of form.querySelectorAll("input, #watch")) element.disabled = watching;
  stopButton.disabled = !watching;
}

function inspectUrl(room) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/inspect?roomId=${encodeURIComponent(room)}`;
}

/** The address of this page for `room`: the room in `?room=`, the token never. */
function pageUrl(room) {
  const params = new URLSearchParams(location.search);
  params.set("room", room);
  return `${location.pathname}?${params}`;
}

function remember(frame) {
  received.push(frame);
  if (received.length > KEPT_FRAMES)
    received.splice(
      received.findIndex((kept) => kept.type !== "@xstate.actor"),
      1,
    );
  forwarder?.forward(frame);
  statelyButton.disabled = false;
}

function handle(frame) {
  remember(frame);
  if (frame.type === "@xstate.actor") {
    const session = sessions.add(frame);
    board.add(session);
    log.actor(session, Number(frame.createdAt), sessions.stateOf(session));
  } else if (frame.type === "@xstate.event") {
    pendingEvents.set(frame.sessionId, frame);
  } else if (frame.type === "@xstate.snapshot") {
    const stepped = sessions.step(frame);
    if (!stepped) return;
    const taken = pendingEvents.get(frame.sessionId);
    pendingEvents.delete(frame.sessionId);
    board.update(stepped.session);
    const step = {
      at: Number((taken ?? frame).createdAt),
      event: taken?.event ?? frame.event,
      sourceId: taken?.sourceId,
    };
    log.step(stepped.session, step, stepped.from, sessions.stateOf(stepped.session));
  }
}

/** Why a socket closed before it opened: the server answers before the upgrade, which a WebSocket cannot read. */
async function refusal(room) {
  const response = await fetch(`/inspect?roomId=${encodeURIComponent(room)}`).catch(() => null);
  if (!response) return "the service cannot be reached";
  if (response.status === 404) return "the inspector is off here (INSPECT_TOKEN is not set)";
  if (response.status === 403) return `refused: ${await response.text()}`;
  return "refused: a wrong token, a malformed room id, or the room has as many inspectors as it allows";
}

function stop() {
  const current = socket;
  socket = null;
  current?.close(1000, "stopped");
  setWatching(false);
}

function watch(room, token) {
  stop();
  forwarder?.stop();
  forwarder = null;
  received = [];
  pendingEvents.clear();
  sessions.clear();
  board.clear();
  log.clear();
  statelyButton.disabled = true;
  history.replaceState(null, "", pageUrl(room));

  setWatching(true);
  setStatus(`Connecting to room "${room}"…`);
  let opened = false;
  let current;
  try {
    current = new WebSocket(inspectUrl(room), [PROTOCOL, `bearer.${token}`]);
  } catch (error) {
    setStatus(`Cannot connect: ${error.message}`);
    setWatching(false);
    return;
  }
  socket = current;
  current.addEventListener("open", () => {
    opened = true;
    setStatus(`Watching room "${room}"`);
  });
  current.addEventListener("message", (message) => {
    if (socket !== current) return;
    try {
      handle(JSON.parse(message.data));
    } catch (error) {
      console.error("inspector: could not show a frame", error);
    }
  });
  current.addEventListener("close", async (event) => {
    if (socket !== current) return;
    socket = null;
    setWatching(false);
    if (opened)
      setStatus(
        `Stopped: the service closed the inspector (${event.code}${event.reason ? ` ${event.reason}` : ""}); Watch resumes`,
      );
    else setStatus(`Could not watch room "${room}": ${await refusal(room)}`);
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const room = roomInput.value;
  const token = tokenInput.value.trim();
  if (room === "" || token === "") return;
  sessionStorage.setItem(TOKEN_KEY, token);
  watch(room, token);
});

stopButton.addEventListener("click", () => {
  stop();
  setStatus("Not watching");
});

statelyButton.addEventListener("click", () => {
  forwarder?.stop();
  forwarder = openStately(stately.url, received);
  statelyButton.textContent = "Open Stately Inspector again";
});

$("show-heartbeats").addEventListener("change", (event) => {
  $("events").classList.toggle("show-heartbeats", event.target.checked);
});

$("stately-target").textContent = stately.refused
  ? `forwards to ${stately.url} (not to ${stately.refused}: only this origin, this machine or stately.ai)`
  : `forwards this room's events to ${stately.url} in a new window`;
roomInput.value = new URLSearchParams(location.search).get("room") ?? "";
tokenInput.value = sessionStorage.getItem(TOKEN_KEY) ?? "";
if (roomInput.value !== "" && tokenInput.value !== "") watch(roomInput.value, tokenInput.value);
else (roomInput.value === "" ? roomInput : tokenInput).focus();
