// Stands in for Stately Inspector in the inspector scenario: opened by the inspector page's "Open in Stately
// Inspector" (as `?inspector=` URL), it tells its opener it is there and keeps every inspection event it gets
// in window.received, through @statelyai/inspect's own receiver (the bundle the page uses, public/vendor/).
import { createBrowserReceiver } from "/statelyai-inspect.mjs";

const received = [];
globalThis.received = received;
createBrowserReceiver().subscribe((event) => {
  received.push(event);
  document.getElementById("count").textContent = String(received.length);
});
