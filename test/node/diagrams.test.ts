// The committed diagrams are what the machines generate; `npm run diagrams` rewrites them. (The rendered
// SVGs are checked by test/e2e/diagrams.e2e.test.ts, which needs Chromium.)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diagramMachines, diagramOptions, HIDDEN_ACTIONS } from "../../scripts/diagramMachines";
import { machineToMermaid } from "../../scripts/statechartDiagrams";
import { diagramFiles } from "../../scripts/statechartDocs";

const root = fileURLToPath(new URL("../../", import.meta.url).href);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

describe("diagrams in docs/", () => {
  const files = diagramFiles(diagramMachines, diagramOptions, read("docs/statecharts.md"));
  const doc = files.find(({ path }) => path === "docs/statecharts.md")!.content;

  it.each(files.map((file) => [file.path, file] as const))("%s matches the machines", (path, { content }) => {
    expect(read(path), `${path} is stale: run \`npm run diagrams\``).toBe(content);
  });

  it("embeds each machine's diagram in docs/statecharts.md and links its SVG", () => {
    for (const { name, machine } of diagramMachines) {
      expect(doc).toContain(`\`\`\`mermaid\n${machineToMermaid(machine, diagramOptions)}\`\`\``);
      expect(read(`docs/${name}.mmd`)).toBe(machineToMermaid(machine, diagramOptions));
      expect(doc).toContain(`](${name}.svg)`);
    }
  });

  it("says once, in prose, what each hidden action does, and draws it nowhere", () => {
    for (const [action, meaning] of Object.entries(HIDDEN_ACTIONS)) {
      expect(doc.split(meaning)).toHaveLength(2);
      for (const { machine } of diagramMachines) {
        expect(machineToMermaid(machine, diagramOptions)).not.toContain(action);
      }
    }
  });
});
