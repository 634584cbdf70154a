// Writes docs/<machine>.mmd and the generated parts of docs/statecharts.md from the machines, and the module
// table of docs/architecture.md from test/support/moduleBoundaries.ts.
// Run: npm run diagrams (then npm run diagrams:svg for the rendered SVGs). test/node/diagrams.test.ts fails
// while the committed files differ.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diagramMachines, diagramOptions } from "./diagramMachines";
import { architectureDoc } from "./moduleTable";
import { diagramFiles } from "./statechartDocs";

const root = fileURLToPath(new URL("..", import.meta.url).href);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");
const files = [
  ...diagramFiles(diagramMachines, diagramOptions, read("docs/statecharts.md")),
  { path: "docs/architecture.md", content: architectureDoc(read("docs/architecture.md")) },
];
for (const { path, content } of files) {
  writeFileSync(`${root}${path}`, content);
  console.log(`wrote ${path}`);
}

// The inspector page (public/inspect.html) draws the same diagrams: a copy of each under public/diagrams/
// (test/node/publicDiagrams.test.ts).
mkdirSync(`${root}public/diagrams`, { recursive: true });
for (const { name } of diagramMachines) {
  copyFileSync(`${root}docs/${name}.mmd`, `${root}public/diagrams/${name}.mmd`);
  console.log(`wrote public/diagrams/${name}.mmd`);
}
