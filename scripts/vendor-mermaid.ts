// Copies the pinned Mermaid bundle from node_modules to public/vendor/ for the inspector page
// (public/inspect.html), the same file the diagrams in docs/ are rendered with (npm run diagrams:svg).
// `npm run vendor:mermaid` after changing its version; test/node/vendoredInspector.test.ts fails until then.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = resolve(projectRoot, "node_modules/mermaid/dist/mermaid.min.js");
const target = resolve(projectRoot, "public/vendor/mermaid.min.js");

mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copied ${source} -> ${target}`);
