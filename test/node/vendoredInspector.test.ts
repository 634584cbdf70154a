// The inspector page (public/inspect.html) loads Mermaid and Stately's inspector client from public/vendor/:
// copies of the pinned dependencies, made by `npm run vendor:mermaid` and `npm run vendor:inspect`.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { bundleInspect, INSPECT_BUNDLE } from "../../scripts/inspectBundle";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (path: string) => readFileSync(resolve(projectRoot, path));

test("the vendored Mermaid is byte for byte the one in node_modules (else: npm run vendor:mermaid)", () => {
  const pinned = read("node_modules/mermaid/dist/mermaid.min.js");
  expect(read("public/vendor/mermaid.min.js").equals(pinned)).toBe(true);
});

test("the vendored Stately inspector client is what the pinned @statelyai/inspect bundles to (else: npm run vendor:inspect)", async () => {
  const bundled = await bundleInspect();
  expect(
    read(INSPECT_BUNDLE).toString("utf8") === bundled,
    `${INSPECT_BUNDLE} is stale: run \`npm run vendor:inspect\``,
  ).toBe(true);
});
