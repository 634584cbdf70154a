// The inspector page (public/inspect.html) draws each machine from public/diagrams/<machine>.mmd: copies of
// the generated docs/<machine>.mmd (which test/node/diagrams.test.ts checks against the machines), written by
// `npm run diagrams`.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { diagramMachines } from "../../scripts/diagramMachines";

const root = fileURLToPath(new URL("../../", import.meta.url).href);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

it.each(diagramMachines.map(({ name }) => name))(
  "public/diagrams/%s.mmd is the generated one in docs/ (else: npm run diagrams)",
  (name) => {
    expect(read(`public/diagrams/${name}.mmd`)).toBe(read(`docs/${name}.mmd`));
  },
);

it("public/diagrams/ holds one diagram per machine and nothing else", () => {
  expect(readdirSync(`${root}public/diagrams`).sort()).toEqual(diagramMachines.map(({ name }) => `${name}.mmd`).sort());
});
