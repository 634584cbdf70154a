// Copies the pinned Ayame web SDK from node_modules to public/vendor/ so the demo page can import it.
// `npm run vendor:sdk` after changing the SDK version; test/node/vendoredSdk.test.ts fails until then.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = resolve(projectRoot, "node_modules/@open-ayame/ayame-web-sdk/dist/ayame.mjs");
const target = resolve(projectRoot, "public/vendor/ayame.mjs");

mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copied ${source} -> ${target}`);
