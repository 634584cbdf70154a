// The statechart diagrams as a reader sees them: rendered by the pinned Mermaid in Chromium (default theme),
// every state box is titled by its state's name and drawn inside the frame of the state that holds it, what a
// composite state does while it stays is in a box inside its frame, and the committed SVGs are what the
// machines render to and open as plain images.
// Also renders the nested sample machine, the shape the machines are heading for.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AnyStateMachine } from "xstate";
import { diagramMachines, diagramOptions } from "../../scripts/diagramMachines";
import { internalLines, machineToMermaid } from "../../scripts/statechartDiagrams";
import { labelContextOf } from "../../scripts/statechartLabels";
import { defined } from "../support/defined";
import { diagramSampleMachine } from "../support/diagramSampleMachine";
import { stateNodesOf } from "../support/statecharts/machineDefinition";
import { launchChromium } from "./support/browser";
import { imageWidth, openDiagramPage, type RenderedDiagram, renderDiagram } from "./support/diagramRenderer";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const committed = [...diagramMachines];
const rendered = [...committed, { name: "sample", machine: diagramSampleMachine }];

let browser: Browser;
let page: Page;
const diagrams = new Map<string, RenderedDiagram>();

beforeAll(async () => {
  browser = await launchChromium();
  page = await openDiagramPage(browser);
  for (const { name, machine } of rendered) {
    diagrams.set(name, await renderDiagram(page, name, machineToMermaid(machine, diagramOptions)));
  }
});

afterAll(async () => {
  await browser?.close();
});

/** Each state's name, and the name of the composite state whose frame it belongs in ("" at the top level). */
function expectedPlaces(machine: AnyStateMachine) {
  return stateNodesOf(machine).map((node) => ({
    title: node.key,
    drawnIn: node.parent === machine.root ? "" : defined(node.parent, `the parent of ${node.key}`).key,
  }));
}

const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);

describe.each(rendered)("the $name diagram", ({ name, machine }) => {
  const boxes = () => defined(diagrams.get(name), `the rendered ${name} diagram`).states;
  const stateBoxes = () => boxes().filter(({ kind }) => kind !== "whileIn");

  test("titles each state's box with the state's name, nested states included", () => {
    const stateNames = stateNodesOf(machine).map((node) => node.key);
    expect(
      stateBoxes()
        .map(({ title }) => title)
        .sort(),
    ).toEqual(stateNames.sort());
  });

  test("draws every title inside its box", () => {
    expect(boxes().filter(({ fits }) => !fits)).toEqual([]);
  });

  test("draws every state inside the frame of the state that holds it, and no other", () => {
    const drawn = stateBoxes().map(({ title, drawnIn }) => ({ title, drawnIn }));
    expect(drawn.sort(byTitle)).toEqual(expectedPlaces(machine).sort(byTitle));
  });

  test("lists what each composite state does while it stays in a box inside its frame", () => {
    const context = labelContextOf(machine, diagramOptions);
    const expected = stateNodesOf(machine)
      .filter((node) => Object.keys(node.states).length > 0 && internalLines(context, node).length > 0)
      .map((node) => ({ title: `while in ${node.key}`, drawnIn: node.key }));
    const drawn = boxes()
      .filter(({ kind }) => kind === "whileIn")
      .map(({ title, drawnIn }) => ({ title, drawnIn }));
    expect(drawn.sort(byTitle)).toEqual(expected.sort(byTitle));
  });
});

// Mermaid's output is byte-for-byte stable here (ids from `deterministicIds`, rough.js outlines from a fixed
// seed, one Chromium and one set of fonts), so the files are compared as they are.
describe.each(committed.map(({ name }) => name))("docs/%s.svg", (name) => {
  const file = () => readFileSync(resolve(projectRoot, `docs/${name}.svg`), "utf8");

  test("is what the machine renders to", () => {
    expect(
      file() === defined(diagrams.get(name), `the rendered ${name} diagram`).svg,
      `docs/${name}.svg is stale: run \`npm run diagrams:svg\``,
    ).toBe(true);
  });

  test("opens as an image, without Mermaid", async () => {
    expect(await imageWidth(page, file())).toBeGreaterThan(0);
  });
});
