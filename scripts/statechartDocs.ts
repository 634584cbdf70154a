// The generated parts of docs/statecharts.md and the docs/<machine>.mmd files, from the machines.
import type { AnyStateMachine, AnyStateNode } from "xstate";
import { stateNodesOf } from "../test/support/statecharts/machineDefinition";
import { closeTableMarkdown } from "./statechartCloses";
import { internalLines, machineToMermaid, stateIdOf } from "./statechartDiagrams";
import { type DiagramOptions, labelContextOf } from "./statechartLabels";

export interface DiagramMachine {
  name: string;
  machine: AnyStateMachine;
}

/** A Markdown table of the machine's states, their `description`s and, when any state has some, their tags. */
export function stateTableMarkdown(machine: AnyStateMachine): string {
  const nodes = stateNodesOf(machine);
  const tagged = nodes.some((node) => node.tags.length > 0);
  const rows = nodes.map((node) => {
    const name = node.path.join(".");
    const kind = node.type === "compound" ? " (compound)" : node.type === "final" ? " (final)" : "";
    const cells = [`\`${name}\`${kind}`, (node.description ?? "").replace(/\|/g, "\\|")];
    if (tagged) cells.push(node.tags.map((tag) => `\`${tag}\``).join(", "));
    return `| ${cells.join(" | ")} |`;
  });
  const header = tagged ? ["state", "meaning", "tags"] : ["state", "meaning"];
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows, ""].join("\n");
}

/** What goes under a diagram: the link to its SVG, the root's own reactions, the closes. */
function diagramNotes({ name, machine }: DiagramMachine, options: DiagramOptions): string {
  const context = labelContextOf(machine, options);
  const paragraphs = [
    `Rendered for readers without a Mermaid renderer: [\`${name}.svg\`](${name}.svg) (\`npm run diagrams:svg\`).`,
  ];
  const rootLines = internalLines(context, machine.root);
  if (rootLines.length) paragraphs.push(`In every state: ${rootLines.map((line) => `\`${line}\``).join("; ")}.`);
  const closes = closeTableMarkdown(context, machine, stateIdOf(machine));
  if (closes) {
    paragraphs.push(
      `Every transition that closes the connection (\`${options.closeAction}\`), with its parameters. An arrow ` +
        "shows the ones that do nothing else as one line, named by their events:",
      closes.trimEnd(),
    );
  }
  return `${paragraphs.join("\n\n")}\n`;
}

/** `doc` (the text of `path`) with what lies between its markers for `name` replaced by `content`. */
export function generatedBlock(doc: string, path: string, name: string, content: string): string {
  const begin = `<!-- BEGIN GENERATED ${name} (npm run diagrams) -->`;
  const end = `<!-- END GENERATED ${name} -->`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`${path} lacks the markers "${begin}" ... "${end}"`);
  return `${doc.slice(0, start + begin.length)}\n${content}${doc.slice(stop)}`;
}

/**
 * What the diagram files and the generated parts of `docs/statecharts.md` must contain, given the doc's
 * current text (the prose around the markers is kept).
 */
export function diagramFiles(
  machines: DiagramMachine[],
  options: DiagramOptions,
  statechartsDoc: string,
): Array<{ path: string; content: string }> {
  let doc = statechartsDoc;
  const files: Array<{ path: string; content: string }> = [];
  for (const entry of machines) {
    const diagram = machineToMermaid(entry.machine, options);
    files.push({ path: `docs/${entry.name}.mmd`, content: diagram });
    const block = `\`\`\`mermaid\n${diagram}\`\`\`\n\n${diagramNotes(entry, options)}`;
    doc = generatedBlock(doc, "docs/statecharts.md", `${entry.name} diagram`, block);
    doc = generatedBlock(doc, "docs/statecharts.md", `${entry.name} states`, stateTableMarkdown(entry.machine));
  }
  files.push({ path: "docs/statecharts.md", content: doc });
  return files;
}

/**
 * The machine's states in one line, as the README names them: top-level states in order, joined by `→`, the
 * states inside a composite one in `name.{a, b}`; e.g. `empty → waiting → paired`.
 */
export function stateOutline(machine: AnyStateMachine): string {
  const outline = (node: AnyStateNode): string => {
    const children = Object.values(node.states) as AnyStateNode[];
    return children.length ? `${node.key}.{${children.map(outline).join(", ")}}` : node.key;
  };
  return (Object.values(machine.root.states) as AnyStateNode[]).map(outline).join(" → ");
}
