// The committed diagrams are what the machines generate; `npm run diagrams` rewrites them.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createMachine, setup } from "xstate";
import { diagramMachines } from "../../scripts/diagramMachines";
import { diagramFiles, machineToMermaid } from "../../scripts/statechartDiagrams";

const root = fileURLToPath(new URL("../../", import.meta.url).href);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

describe("diagrams in docs/", () => {
  const files = diagramFiles(diagramMachines, read("docs/statecharts.md"));

  it.each(files.map((file) => [file.path, file] as const))("%s matches the machines", (path, { content }) => {
    expect(read(path), `${path} is stale: run \`npm run diagrams\``).toBe(content);
  });

  it("embeds each machine's diagram in docs/statecharts.md", () => {
    const doc = files.find(({ path }) => path === "docs/statecharts.md")!.content;
    for (const { name, machine } of diagramMachines) {
      expect(doc).toContain(`\`\`\`mermaid\n${machineToMermaid(machine)}\`\`\``);
      expect(read(`docs/${name}.mmd`)).toBe(machineToMermaid(machine));
    }
  });
});

describe("machine diagrams", () => {
  const machine = setup({
    actions: { beep: () => {} },
    guards: { ready: () => true },
  }).createMachine({
    id: "sample",
    initial: "idle",
    states: {
      idle: {
        always: { guard: "ready", target: "busy", actions: "beep" },
        on: { POKE: { actions: "beep" }, IGNORED: {} },
      },
      busy: { on: { STOP: "done" } },
      done: { type: "final" },
    },
  });
  const diagram = machineToMermaid(machine);

  it("draws eventless transitions, which toDirectedGraph leaves out", () => {
    expect(diagram).toContain("idle --> busy : always [ready] / beep");
  });

  it("lists targetless transitions inside the state instead of drawing self-loops", () => {
    expect(diagram).toContain("idle : POKE / beep");
    expect(diagram).toContain("idle : IGNORED / (ignored)");
    expect(diagram).not.toMatch(/idle --> idle/);
  });

  it("draws nested states as composite states with their initial state", () => {
    const nested = createMachine({
      id: "nested",
      initial: "outer",
      states: { outer: { initial: "inner", states: { inner: { on: { GO: "#nested.after" } } } }, after: {} },
    });
    expect(machineToMermaid(nested)).toBe(
      [
        "stateDiagram-v2",
        "  [*] --> outer",
        "  state outer {",
        "    [*] --> inner",
        "    inner",
        "  }",
        "  after",
        "  inner --> after : GO",
        "",
      ].join("\n"),
    );
  });
});
