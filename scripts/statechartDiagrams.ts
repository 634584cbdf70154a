// Mermaid `stateDiagram-v2` text for a machine, read from its definition (not from `toDirectedGraph`,
// which drops `always` transitions and draws targetless ones as self-loops that look like re-entries).
//
// - compound states become composite states; `[*]` marks initial and final states;
// - each edge is drawn in the innermost composite state that contains both ends;
// - one arrow per (source, target) pair; each transition is a line of its label:
//   `EVENT [guard] / effect(params)`, `[else]` for the fallback after guarded branches;
// - targetless transitions and entry/exit effects are listed inside the state box;
// - only effect actions are shown: `assign` actions only update the context.
import type { AnyStateMachine, AnyStateNode } from "xstate";
import {
  actionRefsOf,
  effectActionNamesOf,
  ownTransitionsOf,
  stateNodesOf,
  type ActionRef,
  type TransitionInfo,
} from "../test/support/statecharts/machineDefinition";

const INDENT = "  ";

/** Mermaid's label and description text ends at a newline and trips over a few characters. */
function mermaidText(text: string): string {
  return text.replace(/[:;#{}"<>]/g, " ").replace(/\s+/g, " ").trim();
}

function formatAction({ type, params }: ActionRef): string {
  const values = Object.values(params ?? {}).map((value) => mermaidText(String(value)));
  return values.length ? `${type}(${values.join(", ")})` : type;
}

interface DiagramContext {
  machine: AnyStateMachine;
  effects: Set<string>;
  nameOf: (node: AnyStateNode | string) => string;
}

function effectsText(context: DiagramContext, actions: ActionRef[]): string {
  return actions
    .filter(({ type }) => context.effects.has(type))
    .map(formatAction)
    .join(", ");
}

/**
 * `EVENT [guard] / effects`. A targetless transition lists its context updates too: without them it would
 * look like it did nothing.
 */
function transitionText(context: DiagramContext, transition: TransitionInfo, siblings: TransitionInfo[]): string {
  const guarded = siblings.some((sibling) => sibling.branch < transition.branch && sibling.guard);
  const guard = transition.guard ? ` [${transition.guard}]` : guarded ? " [else]" : "";
  const internal = transition.targets.length === 0;
  const actions = internal ? transition.actions.map(formatAction).join(", ") : effectsText(context, transition.actions);
  return `${transition.event}${guard}${actions ? ` / ${actions}` : internal ? " / (ignored)" : ""}`;
}

function ancestorsOf(node: AnyStateNode): AnyStateNode[] {
  const chain: AnyStateNode[] = [];
  for (let current = node.parent; current; current = current.parent) chain.push(current);
  return chain;
}

/** The innermost state node that strictly contains both. */
function commonAncestor(a: AnyStateNode, b: AnyStateNode): AnyStateNode {
  const ofB = new Set(ancestorsOf(b));
  const found = ancestorsOf(a).find((node) => ofB.has(node));
  if (!found) throw new Error(`${a.id} and ${b.id} share no ancestor`);
  return found;
}

interface Edge {
  source: AnyStateNode;
  target: AnyStateNode;
  lines: string[];
}

function collectEdges(context: DiagramContext): Map<AnyStateNode, Edge[]> {
  const { machine } = context;
  const byContainer = new Map<AnyStateNode, Edge[]>();
  for (const node of [machine.root, ...stateNodesOf(machine)]) {
    const transitions = ownTransitionsOf(node);
    for (const transition of transitions) {
      const siblings = transitions.filter((other) => other.event === transition.event);
      for (const targetId of transition.targets) {
        const target = machine.getStateNodeById(targetId);
        const container = commonAncestor(node, target);
        const edges = byContainer.get(container) ?? [];
        let edge = edges.find((existing) => existing.source === node && existing.target === target);
        if (!edge) {
          edge = { source: node, target, lines: [] };
          edges.push(edge);
        }
        edge.lines.push(transitionText(context, transition, siblings));
        byContainer.set(container, edges);
      }
    }
  }
  return byContainer;
}

/** Lines inside a state's box: entry/exit effects and transitions that change no state. */
function descriptionLines(context: DiagramContext, node: AnyStateNode): string[] {
  const lines: string[] = [];
  const entry = effectsText(context, actionRefsOf(node.entry));
  if (entry) lines.push(`entry / ${entry}`);
  const exit = effectsText(context, actionRefsOf(node.exit));
  if (exit) lines.push(`exit / ${exit}`);
  const transitions = ownTransitionsOf(node);
  for (const transition of transitions) {
    if (transition.targets.length) continue;
    const siblings = transitions.filter((other) => other.event === transition.event);
    lines.push(transitionText(context, transition, siblings));
  }
  return lines;
}

function renderBlock(context: DiagramContext, node: AnyStateNode, edges: Map<AnyStateNode, Edge[]>, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const lines: string[] = [];
  const initial = node.initial?.target[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${pad}[*] --> ${context.nameOf(initial)}`);
  for (const child of Object.values(node.states) as AnyStateNode[]) {
    const name = context.nameOf(child);
    const hasChildren = Object.keys(child.states).length > 0;
    if (hasChildren) {
      lines.push(`${pad}state ${name} {`, ...renderBlock(context, child, edges, depth + 1), `${pad}}`);
    } else {
      lines.push(`${pad}${name}`);
    }
    for (const description of descriptionLines(context, child)) lines.push(`${pad}${name} : ${mermaidText(description)}`);
    if (child.type === "final") lines.push(`${pad}${name} --> [*]`);
  }
  for (const edge of edges.get(node) ?? []) {
    const label = edge.lines.map(mermaidText).join("<br/>");
    lines.push(`${pad}${context.nameOf(edge.source)} --> ${context.nameOf(edge.target)} : ${label}`);
  }
  return lines;
}

export function machineToMermaid(machine: AnyStateMachine): string {
  const nodes = stateNodesOf(machine);
  const keysUnique = new Set(nodes.map((node) => node.key)).size === nodes.length;
  // Mermaid state names are global to the diagram; nested keys are used as they are when unambiguous.
  const nameOf = (node: AnyStateNode | string) => {
    const stateNode = typeof node === "string" ? machine.getStateNodeById(node) : node;
    return keysUnique ? stateNode.key : stateNode.path.join("_");
  };
  const context: DiagramContext = { machine, effects: new Set(effectActionNamesOf(machine)), nameOf };
  const edges = collectEdges(context);
  return ["stateDiagram-v2", ...renderBlock(context, machine.root, edges, 1), ""].join("\n");
}

/** A Markdown table of the machine's states and their `description`s. */
export function stateTableMarkdown(machine: AnyStateMachine): string {
  const rows = stateNodesOf(machine).map((node) => {
    const name = node.path.join(".");
    const kind = node.type === "compound" ? " (compound)" : node.type === "final" ? " (final)" : "";
    return `| \`${name}\`${kind} | ${(node.description ?? "").replace(/\|/g, "\\|")} |`;
  });
  return ["| state | meaning |", "| --- | --- |", ...rows, ""].join("\n");
}

export interface DiagramMachine {
  name: string;
  machine: AnyStateMachine;
}

function generatedBlock(doc: string, name: string, content: string): string {
  const begin = `<!-- BEGIN GENERATED ${name} (npm run diagrams) -->`;
  const end = `<!-- END GENERATED ${name} -->`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`docs/statecharts.md lacks the markers "${begin}" ... "${end}"`);
  return `${doc.slice(0, start + begin.length)}\n${content}${doc.slice(stop)}`;
}

/**
 * What the diagram files and the generated parts of `docs/statecharts.md` must contain, given the doc's
 * current text (the prose around the markers is kept).
 */
export function diagramFiles(machines: DiagramMachine[], statechartsDoc: string): Array<{ path: string; content: string }> {
  let doc = statechartsDoc;
  const files: Array<{ path: string; content: string }> = [];
  for (const { name, machine } of machines) {
    const diagram = machineToMermaid(machine);
    files.push({ path: `docs/${name}.mmd`, content: diagram });
    doc = generatedBlock(doc, `${name} diagram`, `\`\`\`mermaid\n${diagram}\`\`\`\n`);
    doc = generatedBlock(doc, `${name} states`, stateTableMarkdown(machine));
  }
  files.push({ path: "docs/statecharts.md", content: doc });
  return files;
}
