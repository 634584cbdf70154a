// The docs say what the code is: the README's state lists are the machines' states, its folder table has a
// row for every folder, the module table of docs/architecture.md is the rules test/node/imports.test.ts
// checks, and the docs that describe the code name only source files that exist.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagramMachines } from "../../scripts/diagramMachines";
import { architectureDoc } from "../../scripts/moduleTable";
import { stateOutline } from "../../scripts/statechartDocs";
import { defined } from "../support/defined";

const root = fileURLToPath(new URL("../../", import.meta.url).href);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");
/** Markdown as it reads: a code span may break across lines. */
const flowing = (text: string) => text.replace(/\s+/g, " ");

describe("README.md", () => {
  const readme = flowing(read("README.md"));

  it.each(diagramMachines.map(({ name, machine }) => [name, machine] as const))(
    "names the %s machine's states as they are",
    (_, machine) => {
      const outline = `\`${stateOutline(machine)}\``;
      expect(readme.includes(outline), `README.md, section Architecture, should name the states ${outline}`).toBe(true);
    },
  );

  it("has a row in its folder table for every folder of src/, and for machines/", () => {
    const folders = [
      "machines/",
      ...readdirSync(`${root}src`)
        .filter((name) => statSync(`${root}src/${name}`).isDirectory())
        .map((name) => `src/${name}/`),
    ];
    const rows = readme.split(" | folder | holds | ")[1] ?? "";
    expect(folders.filter((folder) => !rows.includes(`| \`${folder}\` |`))).toEqual([]);
  });
});

it("docs/architecture.md tables the module rules that test/node/imports.test.ts checks", () => {
  const doc = read("docs/architecture.md");
  expect(doc, "docs/architecture.md is stale: run `npm run diagrams`").toBe(architectureDoc(doc));
});

/** The docs that describe the code as it is now (docs/performance.md also tells what was measured before). */
const CODE_DOCS = ["README.md", "docs/architecture.md", "docs/statecharts.md", "docs/clients.md"];

it.each(CODE_DOCS)("%s names only source files and folders that exist", (path) => {
  const named = read(path).matchAll(/(?<![\w./-])((?:machines|src|test|scripts|bench)\/[\w./-]*[\w/])(?![\w*])/g);
  const missing = [...new Set([...named].map((match) => defined(match[1], `the path in ${match[0]}`)))].filter(
    (file) => !existsSync(`${root}${file}`),
  );
  expect(missing).toEqual([]);
});
