// Renders docs/<machine>.svg from the machines with the pinned Mermaid in Debian's Chromium, as
// test/e2e/diagrams.e2e.test.ts does (it fails while the committed SVGs differ).
// Run: npm run diagrams:svg            (after npm run diagrams)
//      npm run diagrams:svg -- --png DIR   also writes DIR/<machine>.png, to look at the result
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchChromium } from "../test/e2e/support/browser";
import { openDiagramPage, renderDiagram, screenshotDiagram } from "../test/e2e/support/diagramRenderer";
import { diagramMachines, diagramOptions } from "./diagramMachines";
import { machineToMermaid } from "./statechartDiagrams";

const root = fileURLToPath(new URL("..", import.meta.url).href);
const { values } = parseArgs({ options: { png: { type: "string" } } });

const browser = await launchChromium();
try {
  const page = await openDiagramPage(browser);
  for (const { name, machine } of diagramMachines) {
    const { svg } = await renderDiagram(page, name, machineToMermaid(machine, diagramOptions));
    writeFileSync(`${root}docs/${name}.svg`, svg);
    console.log(`wrote docs/${name}.svg`);
    if (values.png) {
      mkdirSync(values.png, { recursive: true });
      await screenshotDiagram(page, `${values.png}/${name}.png`);
      console.log(`wrote ${values.png}/${name}.png`);
    }
  }
} finally {
  await browser.close();
}
