// Writes docs/<machine>.mmd and the generated parts of docs/statecharts.md from the machines.
// Run: npm run diagrams (then npm run diagrams:svg for the rendered SVGs). test/node/diagrams.test.ts fails
// while the committed files differ.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diagramMachines, diagramOptions } from "./diagramMachines";
import { diagramFiles } from "./statechartDocs";

const root = fileURLToPath(new URL("..", import.meta.url).href);
const doc = readFileSync(`${root}docs/statecharts.md`, "utf8");
for (const { path, content } of diagramFiles(diagramMachines, diagramOptions, doc)) {
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
