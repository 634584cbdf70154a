// The Stately Inspector client for the inspector page (public/inspect.js): `@statelyai/inspect`'s browser
// half, bundled by esbuild (wrangler's own) into one ES module that the page imports from public/vendor/.
// `npm run vendor:inspect` writes it; test/node/vendoredInspector.test.ts fails while the committed file
// differs from what this produces (after an upgrade of @statelyai/inspect or esbuild).

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, version as esbuildVersion } from "esbuild";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const INSPECT_BUNDLE = "public/vendor/statelyai-inspect.mjs";

/** Only what a page needs: the sender (the inspector page) and the receiver (a page that shows the events). */
const ENTRY = 'export { createBrowserInspector, createBrowserReceiver } from "@statelyai/inspect";\n';

function inspectVersion(): string {
  const manifest = readFileSync(resolve(projectRoot, "node_modules/@statelyai/inspect/package.json"), "utf8");
  return (JSON.parse(manifest) as { version: string }).version;
}

export async function bundleInspect(): Promise<string> {
  const banner = `// @statelyai/inspect ${inspectVersion()} (MIT, https://github.com/statelyai/inspect) and its dependencies, bundled by esbuild ${esbuildVersion}: npm run vendor:inspect`;
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: projectRoot, sourcefile: "statelyai-inspect.entry.js", loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "inline",
    banner: { js: banner },
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild produced no output");
  return output.text;
}
