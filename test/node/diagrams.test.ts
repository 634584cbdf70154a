// The committed diagrams are what the machines generate; `npm run diagrams` rewrites them. (The rendered
// SVGs are checked by test/e2e/diagrams.e2e.test.ts, which needs Chromium.) And what they say: every arrow
// names its events, every transition that stays in its state shows what it does, close reasons read as in
// the machine.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AnyStateMachine } from "xstate";
import { diagramMachines, diagramOptions } from "../../scripts/diagramMachines";
import { machineToMermaid, stateIdOf } from "../../scripts/statechartDiagrams";
import { diagramFiles } from "../../scripts/statechartDocs";
import { labelContextOf, transitionText } from "../../scripts/statechartLabels";
import { defined } from "../support/defined";
import { ownTransitionsOf, stateNodesOf, transitionsOf } from "../support/statecharts/machineDefinition";

const root = fileURLToPath(new URL("../../", import.meta.url).href);
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");

/** The label of each arrow of a Mermaid diagram, by `source --> target`. */
function arrowLabels(diagram: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const [line, arrow, label] of diagram.matchAll(/^\s*(\S+ --> \S+)(?: : (.*))?$/gm)) {
    labels.set(defined(arrow, `the arrow of ${line}`), label ?? "");
  }
  return labels;
}

/** The reason of every `closeSocket` the machine names, as written there. */
function closeReasonsOf(machine: AnyStateMachine): Set<string> {
  const reasons = transitionsOf(machine).flatMap(({ actions }) =>
    actions.filter(({ type }) => type === diagramOptions.closeAction).map(({ params }) => String(params?.reason)),
  );
  return new Set(reasons);
}

describe("diagrams in docs/", () => {
  const files = diagramFiles(diagramMachines, diagramOptions, read("docs/statecharts.md"));
  const doc = defined(
    files.find(({ path }) => path === "docs/statecharts.md"),
    "docs/statecharts.md among the diagram files",
  ).content;

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
});

describe.each(diagramMachines)("the $name diagram", ({ machine }) => {
  const diagram = machineToMermaid(machine, diagramOptions);
  const idOf = stateIdOf(machine);

  it("names the event of every transition that changes state on the arrow it takes", () => {
    const labels = arrowLabels(diagram);
    const unnamed = transitionsOf(machine).flatMap((transition) =>
      transition.targets
        .map((target) => `${idOf(transition.source)} --> ${idOf(target)}`)
        .filter((arrow) => !new RegExp(`(^|[ >,])${transition.event}([ ,<]|$)`).test(labels.get(arrow) ?? ""))
        .map((arrow) => `${transition.event} on ${arrow}`),
    );
    expect(unnamed).toEqual([]);
  });

  it("shows what every transition that stays in its state does: each of its actions, or (ignored) for none", () => {
    const context = labelContextOf(machine, diagramOptions);
    const untold = [machine.root, ...stateNodesOf(machine)].flatMap((node) => {
      const siblings = ownTransitionsOf(node);
      return siblings
        .filter(({ targets }) => targets.length === 0)
        .map((transition) => ({ transition, line: transitionText(context, transition, siblings) }))
        .filter(({ transition, line }) =>
          transition.actions.length === 0
            ? !line.endsWith(" / (ignored)")
            : !transition.actions.every(({ type }) => line.includes(type)),
        )
        .map(({ line }) => `${node.id}: ${line}`);
    });
    expect(untold).toEqual([]);
  });

  it("writes every close reason it shows word for word", () => {
    const reasons = closeReasonsOf(machine);
    const shown = [...diagram.matchAll(/closeSocket\(\d+, ([^)]*)\)/g)].map((match) =>
      defined(match[1], `the reason of ${match[0]}`),
    );
    expect(shown.filter((reason) => !reasons.has(reason))).toEqual([]);
  });
});

it("the connection diagram shows close reasons with a colon, such as a protocol error's", () => {
  const connection = defined(
    diagramMachines.find(({ name }) => name === "connection"),
    "the connection machine",
  ).machine;
  expect(machineToMermaid(connection, diagramOptions)).toContain(
    "closeSocket(1000, protocol error: message not enabled)",
  );
});
