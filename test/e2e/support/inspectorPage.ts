// The inspector page (public/inspect.html) seen from a test: what a reader sees of it (the highlighted state
// boxes of each machine's card, the rows of the event log) and what it received on its socket.
import type { BrowserContext, Page } from "playwright-core";
import { recordedFrames } from "./transcript";

const WAIT_MS = 30_000;

/** `--active-stroke` of public/inspect.css, as getComputedStyle reports it: the outline of an active state. */
const ACTIVE_STROKE = "rgb(27, 127, 59)";

/** The little of the DOM the probes below use (the project's TypeScript has no DOM library). */
interface DomNode {
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  textContent: string | null;
  className: string;
  cells: ArrayLike<DomNode>;
}
type DomWindow = { getComputedStyle(node: DomNode): { stroke: string } };

export interface LogRow {
  machine: string;
  event: string;
  /** "from → to", "to (stays)", or for an actor its first state. */
  change: string;
  kind: "actor" | "moves" | "stays" | "heartbeat";
}

/** Opens the page for `room` (plus `query`), enters the token and presses Watch; resolves once it watches. */
export async function openInspector(
  context: BrowserContext,
  baseUrl: string,
  room: string,
  token: string,
  query = "",
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/inspect.html?room=${encodeURIComponent(room)}${query}`);
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Watch" }).click();
  await watching(page, room);
  return page;
}

export async function watching(page: Page, room: string): Promise<void> {
  await page
    .getByRole("status")
    .filter({ hasText: `Watching room "${room}"` })
    .waitFor({ timeout: WAIT_MS });
}

/**
 * The titles of the state boxes drawn as active in a machine's card ("room", "connection 1", …), sorted: the
 * boxes whose outline has the active colour, titled as test/e2e/harness/renderDiagram.js reads them.
 */
export function highlightedStates(page: Page, card: string): Promise<string[]> {
  return page.getByRole("article", { name: card, exact: true }).evaluate((element, stroke) => {
    const article = element as unknown as DomNode;
    const { getComputedStyle } = globalThis as unknown as DomWindow;
    const boxes = Array.from(article.querySelectorAll("g.node.statediagram-state, g.statediagram-cluster"));
    const shape = (box: DomNode) =>
      box.querySelector(":scope > rect:not(.inner), :scope > g:not(.label, .cluster-label) > rect");
    const title = (box: DomNode) =>
      box.querySelector(":scope > .label .nodeLabel, :scope > .cluster-label .nodeLabel")?.textContent?.trim() ?? "";
    const active = boxes.filter((box) => {
      const outline = shape(box);
      return outline !== null && getComputedStyle(outline).stroke === stroke;
    });
    return active.map(title).sort();
  }, ACTIVE_STROKE);
}

/** What the card's header says the machine is in, e.g. "paired" or "closed (done)". */
export function stateShown(page: Page, card: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(), the text as rendered, not the DOM property.
  return page.getByRole("article", { name: card, exact: true }).locator(".state-now strong").innerText();
}

export function logRows(page: Page): Promise<LogRow[]> {
  return page.locator("#events tbody tr").evaluateAll((elements) =>
    elements.map((element) => {
      const row = element as unknown as DomNode;
      const cells = row.cells;
      return {
        machine: cells[1]?.textContent ?? "",
        event: cells[2]?.querySelector("strong")?.textContent ?? "",
        change: cells[3]?.textContent ?? "",
        kind: row.className as LogRow["kind"],
      };
    }),
  );
}

/** The log's steps that changed a machine's state, as "EVENT: from → to". */
export function moves(rows: LogRow[], machine: string): string[] {
  return rows
    .filter((row) => row.machine === machine && row.kind === "moves")
    .map((row) => `${row.event}: ${row.change}`);
}

/** Every frame the page's inspector socket received, parsed, in order (recorded by the harness's init script). */
export async function inspectorFrames(page: Page): Promise<Array<Record<string, unknown>>> {
  const frames = await recordedFrames(page);
  const sockets = new Set(
    frames.flatMap((frame) =>
      frame.kind === "create" && new URL(frame.url).pathname === "/inspect" ? [frame.socket] : [],
    ),
  );
  return frames.flatMap((frame) =>
    frame.kind === "in" && sockets.has(frame.socket) ? [JSON.parse(frame.data) as Record<string, unknown>] : [],
  );
}

/**
 * What Stately Inspector is told by an inspection event: its kind, whose it is and what it says. Left out: the
 * fields `@statelyai/inspect` makes up itself (ids, times, rootId) and the definition's key order.
 */
export function essence(frame: Record<string, unknown>): Record<string, unknown> {
  const { type, sessionId } = frame;
  if (type === "@xstate.actor") {
    return {
      type,
      sessionId,
      name: frame.name,
      parentId: frame.parentId,
      definition: JSON.parse(String(frame.definition)),
      snapshot: frame.snapshot,
    };
  }
  if (type === "@xstate.event") return { type, sessionId, sourceId: frame.sourceId, event: frame.event };
  return { type, sessionId, event: frame.event, snapshot: frame.snapshot };
}
