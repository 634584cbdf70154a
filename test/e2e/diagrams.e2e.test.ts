// The statechart diagrams as a reader sees them: rendered by the pinned Mermaid in Chromium (default theme),
// every state box is titled by its state's name, and the committed SVGs are what the machines render to and
// open as plain images.
// Also renders the nested sample machine, the shape the machines are heading for.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { diagramMachines, diagramOptions } from "../../scripts/diagramMachines";
import { machineToMermaid } from "../../scripts/statechartDiagrams";
import { diagramSampleMachine } from "../support/diagramSampleMachine";
import { stateNodesOf } from "../support/statecharts/machineDefinition";
import { launchChromium } from "./support/browser";
import { imageWidth, openDiagramPage, renderDiagram, type RenderedDiagram } from "./support/diagramRenderer";

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

describe.each(rendered)("the $name diagram", ({ name, machine }) => {
  test("titles each state's box with the state's name, nested states included", () => {
    const { states } = diagrams.get(name)!;
    const stateNames = stateNodesOf(machine).map((node) => node.key);
    expect(states.map(({ title }) => title).sort()).toEqual(stateNames.sort());
  });

  test("draws every title inside its box", () => {
    const { states } = diagrams.get(name)!;
    expect(states.filter(({ fits }) => !fits)).toEqual([]);
  });
});

// Mermaid's output is byte-for-byte stable here (ids from `deterministicIds`, rough.js outlines from a fixed
// seed, one Chromium and one set of fonts), so the files are compared as they are.
describe.each(committed.map(({ name }) => name))("docs/%s.svg", (name) => {
  const file = () => readFileSync(resolve(projectRoot, `docs/${name}.svg`), "utf8");

  test("is what the machine renders to", () => {
    expect(file() === diagrams.get(name)!.svg, `docs/${name}.svg is stale: run \`npm run diagrams:svg\``).toBe(true);
  });

  test("opens as an image, without Mermaid", async () => {
    expect(await imageWidth(page, file())).toBeGreaterThan(0);
  });
});
