// Bundles `@statelyai/inspect` for the inspector page into public/vendor/ (scripts/inspectBundle.ts).
// `npm run vendor:inspect` after changing its version; test/node/vendoredInspector.test.ts fails until then.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleInspect, INSPECT_BUNDLE } from "./inspectBundle";

const target = resolve(dirname(fileURLToPath(import.meta.url)), "..", INSPECT_BUNDLE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, await bundleInspect());
console.log(`wrote ${target}`);
