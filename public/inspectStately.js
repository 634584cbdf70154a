// Forwards the inspection stream to Stately Inspector through `@statelyai/inspect` (bundled into
// public/vendor/ by `npm run vendor:inspect`): its browser inspector opens the inspector's window and
// posts it every event, through its `actor`, `event` and `snapshot` calls. What the page received before the
// button was pressed is replayed first, so Stately sees the room from the moment watching began.
import { createBrowserInspector } from "/vendor/statelyai-inspect.mjs";

export const STATELY_INSPECTOR_URL = "https://stately.ai/inspect";

/** The library's default (10) cuts the connection machine's definition and context short. */
const SERIALIZATION_DEPTH_LIMIT = 64;
/** How many events the library keeps to replay to a window that (re)connects. */
const REPLAYED_EVENTS = 10_000;

/**
 * Where to forward to: Stately Inspector, or the `?inspector=` URL when it is on this page's origin, on this
 * machine (tests, a local tool) or on stately.ai; anything else would hand a room's events to a stranger
 * through a crafted link, so it is refused.
 */
export function inspectorUrl(location) {
  const asked = new URL(location.href).searchParams.get("inspector");
  if (!asked) return { url: STATELY_INSPECTOR_URL };
  let url;
  try {
    url = new URL(asked, location.href);
  } catch {
    return { url: STATELY_INSPECTOR_URL, refused: asked };
  }
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  const stately = url.protocol === "https:" && (url.hostname === "stately.ai" || url.hostname.endsWith(".stately.ai"));
  return url.origin === location.origin || local || stately
    ? { url: url.href }
    : { url: STATELY_INSPECTOR_URL, refused: asked };
}

/**
 * What `actor()` reads of an actor to describe it: its session id, its machine's config (sent on as the
 * `definition`) and its parent's session id (the library reads it from `_parent`, as on an xstate actor).
 */
function actorOf(frame) {
  return {
    sessionId: frame.sessionId,
    logic: { config: JSON.parse(frame.definition) },
    _parent: frame.parentId ? { sessionId: frame.parentId } : undefined,
  };
}

/**
 * The window the library opens the inspector from and listens on for its "connected" message, with listeners
 * that can be removed: the library never removes its own, and an inspector opened again (into the same named
 * window) would otherwise have the old one replay everything too.
 */
function detachableWindow() {
  const listeners = [];
  return {
    view: {
      open: (...args) => window.open(...args),
      addEventListener(type, listener) {
        listeners.push([type, listener]);
        window.addEventListener(type, listener);
      },
    },
    detach: () => {
      for (const [type, listener] of listeners) window.removeEventListener(type, listener);
    },
  };
}

/** Opens the inspector's window (call it from a click) and replays `history`; `forward` sends each next frame. */
export function openStately(url, history) {
  const { view, detach } = detachableWindow();
  const inspector = createBrowserInspector({
    url,
    window: view,
    serializationDepthLimit: SERIALIZATION_DEPTH_LIMIT,
    maxDeferredEvents: REPLAYED_EVENTS,
  });
  const forward = (frame) => {
    if (frame.type === "@xstate.actor") inspector.actor(actorOf(frame), frame.snapshot);
    else if (frame.type === "@xstate.event") inspector.event(frame.sessionId, frame.event, { source: frame.sourceId });
    else if (frame.type === "@xstate.snapshot")
      inspector.snapshot(frame.sessionId, frame.snapshot, { event: frame.event });
  };
  for (const frame of history) forward(frame);
  return {
    forward,
    stop() {
      inspector.stop();
      detach();
    },
  };
}
