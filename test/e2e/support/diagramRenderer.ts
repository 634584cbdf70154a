// Renders Mermaid text the way a Markdown viewer does: the pinned `mermaid` dist bundle, straight from
// node_modules, in a page of Debian's Chromium (launchChromium). Used by test/e2e/diagrams.e2e.test.ts and by
// `npm run diagrams:svg`, so the committed SVGs and the test see the same rendering.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const MERMAID_BUNDLE = resolve(projectRoot, "node_modules/mermaid/dist/mermaid.min.js");
const RENDER_HELPER = resolve(projectRoot, "test/e2e/harness/renderDiagram.js");

/**
 * The default theme, as on GitHub. `deterministicIds` makes element ids depend on the diagram only, and
 * `handDrawnSeed` the outlines drawn with rough.js (notes), which are random otherwise. The font
 * is fixed to Arial (Liberation Sans on Debian, with the same metrics): the SVG's boxes are sized by text
 * measured here, and the default list ("trebuchet ms", verdana, …) would let a reader's viewer pick a wider
 * font than the one measured, and clip the labels.
 */
const MERMAID_CONFIG = {
  theme: "default",
  deterministicIds: true,
  handDrawnSeed: 1,
  fontFamily: 'arial, "Liberation Sans", sans-serif',
} as const;

/** Wide enough that no diagram is scaled down to fit (the SVG has `max-width: 100%`). */
const VIEWPORT = { width: 2400, height: 1600 };

interface StateBox {
  /** `whileIn`: the box listing what a composite state does while it stays (scripts/statechartDiagrams.ts). */
  kind: "state" | "composite" | "whileIn";
  /** The text at the top of the box. */
  title: string;
  /** The title lies inside the box's outline. */
  fits: boolean;
  /** The title of the innermost composite state whose frame the box lies in; "" at the top level. */
  drawnIn: string;
}

export interface RenderedDiagram {
  svg: string;
  states: StateBox[];
}

interface RenderGlobal {
  renderDiagram(id: string, text: string, config: typeof MERMAID_CONFIG): Promise<RenderedDiagram>;
  imageWidth(svg: string): Promise<number>;
}

export async function openDiagramPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await page.setContent('<!doctype html><meta charset="utf-8"><body><div id="diagram"></div></body>');
  await page.addScriptTag({ path: MERMAID_BUNDLE });
  await page.addScriptTag({ path: RENDER_HELPER });
  return page;
}

/** Renders `text` into the page (replacing the previous diagram); `id` names the SVG's root element. */
export function renderDiagram(page: Page, id: string, text: string): Promise<RenderedDiagram> {
  return page.evaluate(
    ([id, text, config]) => (globalThis as unknown as RenderGlobal).renderDiagram(id, text, config),
    [id, text, MERMAID_CONFIG] as const,
  );
}

/** The width of `svg` loaded as an <img>, as a viewer without Mermaid shows the file; rejects if it cannot load. */
export function imageWidth(page: Page, svg: string): Promise<number> {
  return page.evaluate((svg) => (globalThis as unknown as RenderGlobal).imageWidth(svg), svg);
}

/** A PNG of the diagram last rendered, at the size it is drawn. */
export async function screenshotDiagram(page: Page, path: string): Promise<void> {
  await page.locator("#diagram > svg").screenshot({ path });
}
