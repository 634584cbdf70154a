// The demo page imports the Ayame web SDK from public/vendor/, a copy made by scripts/vendor-sdk.ts.
// It must stay the exact file of the pinned dependency.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (path: string) => readFileSync(resolve(projectRoot, path));

test("the vendored SDK is byte for byte the one in node_modules (else: npm run vendor:sdk)", () => {
  const pinned = read("node_modules/@open-ayame/ayame-web-sdk/dist/ayame.mjs");
  const vendored = read("public/vendor/ayame.mjs");
  expect(vendored.equals(pinned)).toBe(true);
});
