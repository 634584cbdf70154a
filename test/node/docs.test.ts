// The docs say what the code is: the module table of docs/architecture.md is the rules
// test/node/imports.test.ts checks.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { architectureDoc } from "../../scripts/moduleTable";

const root = fileURLToPath(new URL("../../", import.meta.url).href);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

it("docs/architecture.md tables the module rules that test/node/imports.test.ts checks", () => {
  const doc = read("docs/architecture.md");
  expect(doc, "docs/architecture.md is stale: run `npm run diagrams`").toBe(architectureDoc(doc));
});
