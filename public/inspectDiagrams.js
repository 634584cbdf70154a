// One card per actor: its machine's diagram, drawn by the vendored Mermaid (public/vendor/mermaid.min.js, a
// classic script that defines globalThis.mermaid) from the generated Mermaid text that docs/ shows too
// (public/diagrams/<machine>.mmd, copied by `npm run diagrams`), with the active states highlighted.
import { activePaths } from "/inspectStates.js";

/** As test/e2e/support/diagramRenderer.ts renders docs/*.svg: the default theme, ids from the diagram. */
const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: "default",
  deterministicIds: true,
  handDrawnSeed: 1,
  fontFamily: 'arial, "Liberation Sans", sans-serif',
};
/** A diagram wider than this many card widths is shown zoomed in, following its active state. */
const ZOOM_WHEN_WIDER = 2;
/** The scale when zoomed in: labels as readable as in docs/. */
const ZOOM_SCALE = 0.8;
/** Closed connections kept on the board (the oldest go first); the log keeps their story. */
const CLOSED_KEPT = 4;

const texts = new Map();
function diagramText(machine) {
  if (!texts.has(machine)) {
    texts.set(
      machine,
      fetch(`/diagrams/${encodeURIComponent(machine)}.mmd`).then((response) => {
        if (!response.ok) throw new Error(`/diagrams/${machine}.mmd: ${response.status}`);
        return response.text();
      }),
    );
  }
  return texts.get(machine);
}

// Mermaid renders one diagram at a time.
let renderQueue = Promise.resolve();
function render(svgId, text) {
  const { mermaid } = globalThis;
  const rendered = renderQueue.then(() => {
    mermaid.initialize(MERMAID_CONFIG);
    return mermaid.render(svgId, text);
  });
  renderQueue = rendered.catch(() => {});
  return rendered;
}

/**
 * The diagram's state boxes by state name. A composite state is a cluster that names itself in `data-id`; a
 * plain state is a node whose id is `<svg id>-state-<name>-<number>` (Mermaid's stateDiagram-v2 renderer).
 */
function stateBoxes(svg) {
  const boxes = new Map();
  for (const cluster of svg.querySelectorAll("g.statediagram-cluster[data-id]")) boxes.set(cluster.dataset.id, cluster);
  const prefix = `${svg.id}-state-`;
  for (const node of svg.querySelectorAll("g.node.statediagram-state")) {
    const name = node.id.startsWith(prefix) ? /^(.+)-\d+$/.exec(node.id.slice(prefix.length))?.[1] : undefined;
    if (name !== undefined) boxes.set(name, node);
  }
  return boxes;
}

let cards = 0;

class MachineCard {
  constructor(session) {
    this.session = session;
    this.svgId = `machine-${++cards}`;
    this.element = document.createElement("article");
    this.element.className = `machine machine-${session.machine}`;
    this.element.setAttribute("aria-label", session.label);
    this.element.innerHTML = `<header><h3></h3> <code class="session-id"></code> <small class="client"></small>
      <span class="state-now">in <strong></strong></span></header>
      <div class="diagram"><button type="button" class="zoom">Zoom in</button>
      <div class="viewport"><p class="rendering">Drawing the diagram…</p></div></div>`;
    this.element.querySelector("h3").textContent = session.label;
    const sessionId = this.element.querySelector(".session-id");
    sessionId.textContent = session.machine === "room" ? "" : `…${session.id.slice(-6)}`;
    sessionId.title = session.id;
    this.viewport = this.element.querySelector(".viewport");
    this.zoomButton = this.element.querySelector(".zoom");
    this.zoomButton.addEventListener("click", () => this.zoom(!this.zoomed));
    this.boxes = new Map();
  }

  async draw(stateOf) {
    try {
      const { svg } = await render(this.svgId, await diagramText(this.session.machine));
      this.viewport.innerHTML = svg;
      this.svg = this.viewport.querySelector("svg");
      this.boxes = stateBoxes(this.svg);
      this.zoom(this.svg.viewBox.baseVal.width > ZOOM_WHEN_WIDER * this.viewport.clientWidth);
    } catch (error) {
      this.viewport.textContent = `Could not draw the ${this.session.machine} diagram: ${error.message}`;
    }
    this.show(stateOf);
  }

  /** Highlights the session's active states and names the innermost one; dims the card once it is done. */
  show(stateOf) {
    const { session } = this;
    const active = new Set(activePaths(session.value).map(session.namer));
    for (const [name, box] of this.boxes) box.classList.toggle("active-state", active.has(name));
    const done = session.status !== "active";
    this.element.classList.toggle("done", done);
    const client = this.element.querySelector(".client");
    const { clientId } = session.context ?? {};
    client.textContent =
      clientId && clientId !== session.id
        ? `client ${clientId.length > 12 ? `${clientId.slice(0, 8)}…` : clientId}`
        : "";
    client.title = clientId ?? "";
    this.element.querySelector(".state-now strong").textContent = done
      ? `${stateOf(session)} (${session.status})`
      : stateOf(session);
    if (this.zoomed) this.follow();
  }

  /** Zoomed in: at ZOOM_SCALE in a scrolling box that follows the active state; else the whole machine. */
  zoom(zoomed) {
    this.zoomed = zoomed;
    this.element.classList.toggle("zoomed", zoomed);
    this.zoomButton.textContent = zoomed ? "Whole machine" : "Zoom in";
    if (this.svg) this.svg.style.width = zoomed ? `${this.svg.viewBox.baseVal.width * ZOOM_SCALE}px` : "";
    if (zoomed) this.follow();
  }

  /** Zoomed in, scrolls the innermost active state into the middle of the card (not the page). */
  follow() {
    const innermost = [...this.viewport.querySelectorAll(".active-state")].at(-1);
    if (!innermost) return;
    const box = innermost.getBoundingClientRect();
    const view = this.viewport.getBoundingClientRect();
    this.viewport.scrollTo({
      left: this.viewport.scrollLeft + box.left - view.left - (view.width - box.width) / 2,
      top: this.viewport.scrollTop + box.top - view.top - (view.height - box.height) / 2,
    });
  }
}

export class DiagramBoard {
  #cards = new Map();

  /** `stateOf(session)`: the name of the state a session is in, as its box is titled. */
  constructor(container, stateOf) {
    this.container = container;
    this.stateOf = stateOf;
  }

  add(session) {
    const card = new MachineCard(session);
    this.#cards.set(session.id, card);
    this.container.append(card.element);
    // Fire and forget: the card draws once Mermaid is done and shows its own failure in place of the diagram.
    void card.draw(this.stateOf);
  }

  update(session) {
    this.#cards.get(session.id)?.show(this.stateOf);
    if (session.status !== "active") this.#dropOldClosed();
  }

  clear() {
    this.#cards.clear();
    this.container.replaceChildren();
  }

  #dropOldClosed() {
    const closed = [...this.#cards.values()].filter((card) => card.session.status !== "active");
    for (const card of closed.slice(0, Math.max(0, closed.length - CLOSED_KEPT))) {
      card.element.remove();
      this.#cards.delete(card.session.id);
    }
  }
}
