// Mermaid `stateDiagram-v2` text for a machine, read from its definition (not from `toDirectedGraph`,
// which drops `always` transitions and draws targetless ones as self-loops that look like re-entries).
//
// - every state is declared `state "name" as id`, so its box is titled by its name whatever else it shows;
// - compound states become composite states, at any depth; `[*]` marks initial and final states;
// - each edge is drawn in the innermost composite state that holds both ends as direct children, else at the
//   top level (Mermaid moves a state into the block of any edge that names it);
// - one arrow per (source, target) pair; each transition is a line of its label (statechartLabels.ts),
//   except that transitions doing nothing but close the connection share one line (statechartCloses.ts);
// - a leaf state lists its entry/exit effects and targetless transitions under its title; a composite state
//   cannot (Mermaid would title it by the first line), so they go in a note beside it.
import type { AnyStateMachine, AnyStateNode } from "xstate";
import {
  actionRefsOf,
  ownTransitionsOf,
  stateNodesOf,
  type TransitionInfo,
} from "../test/support/statecharts/machineDefinition";
import { closeSummaryText, isCloseOnly } from "./statechartCloses";
import {
  actionText,
  labelContextOf,
  mermaidText,
  transitionText,
  visibleActions,
  type DiagramOptions,
  type LabelContext,
} from "./statechartLabels";

const INDENT = "  ";

interface DiagramContext extends LabelContext {
  /** The Mermaid id of a state: its key, or its path when keys repeat (Mermaid ids are global). */
  idOf: (node: AnyStateNode | string) => string;
  /** The arrows drawn inside each composite state (the root included). */
  edges: Map<AnyStateNode, Edge[]>;
}

/** Entry/exit effects and transitions that change no state: what a state does while it stays. */
export function internalLines(context: LabelContext, node: AnyStateNode): string[] {
  const lines: string[] = [];
  for (const [label, actions] of [["entry", node.entry], ["exit", node.exit]] as const) {
    const visible = visibleActions(context, actionRefsOf(actions), false).map(actionText).join(", ");
    if (visible) lines.push(`${label} / ${visible}`);
  }
  const transitions = ownTransitionsOf(node);
  for (const transition of transitions) {
    if (!transition.targets.length) lines.push(transitionText(context, transition, transitions));
  }
  return lines;
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
  transitions: Array<{ transition: TransitionInfo; siblings: TransitionInfo[] }>;
}

function collectEdges(machine: AnyStateMachine): Map<AnyStateNode, Edge[]> {
  const byContainer = new Map<AnyStateNode, Edge[]>();
  for (const node of [machine.root, ...stateNodesOf(machine)]) {
    const siblings = ownTransitionsOf(node);
    for (const transition of siblings) {
      for (const targetId of transition.targets) {
        const target = machine.getStateNodeById(targetId);
        // Mermaid moves a state into the block where an edge names it: an edge goes into the innermost
        // composite that holds both ends as direct children, else to the top level (which moves nothing).
        const common = commonAncestor(node, target);
        const direct = (end: AnyStateNode) => end === common || end.parent === common;
        const container = direct(node) && direct(target) ? common : machine.root;
        const edges = byContainer.get(container) ?? [];
        let edge = edges.find((existing) => existing.source === node && existing.target === target);
        if (!edge) {
          edge = { source: node, target, transitions: [] };
          edges.push(edge);
        }
        edge.transitions.push({ transition, siblings });
        byContainer.set(container, edges);
      }
    }
  }
  return byContainer;
}

/** One line per transition; close-only ones, when there are several, as one summary line where the first was. */
function edgeLabelLines(context: DiagramContext, edge: Edge): string[] {
  const closing = edge.transitions.filter(({ transition }) => isCloseOnly(context, transition));
  const lines: string[] = [];
  for (const entry of edge.transitions) {
    if (closing.length < 2 || !closing.includes(entry)) {
      lines.push(transitionText(context, entry.transition, entry.siblings));
    } else if (entry === closing[0]) {
      lines.push(closeSummaryText(context, closing.map(({ transition }) => transition)));
    }
  }
  return lines;
}

function renderState(context: DiagramContext, node: AnyStateNode, pad: string): string[] {
  const id = context.idOf(node);
  const declaration = `${pad}state "${mermaidText(node.key)}" as ${id}`;
  const internal = internalLines(context, node).map(mermaidText);
  const lines: string[] = [];
  if (Object.keys(node.states).length) {
    lines.push(`${declaration} {`, ...renderBlock(context, node, pad + INDENT), `${pad}}`);
    if (internal.length) {
      lines.push(`${pad}note right of ${id}`, ...internal.map((line) => pad + INDENT + line), `${pad}end note`);
    }
  } else {
    lines.push(declaration, ...internal.map((line) => `${pad}${id} : ${line}`));
  }
  if (node.type === "final") lines.push(`${pad}${id} --> [*]`);
  return lines;
}

function renderBlock(context: DiagramContext, node: AnyStateNode, pad: string): string[] {
  const lines: string[] = [];
  const initial = node.initial?.target[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${pad}[*] --> ${context.idOf(initial)}`);
  for (const child of Object.values(node.states) as AnyStateNode[]) lines.push(...renderState(context, child, pad));
  for (const edge of context.edges.get(node) ?? []) {
    const label = edgeLabelLines(context, edge).map(mermaidText).join("<br/>");
    lines.push(`${pad}${context.idOf(edge.source)} --> ${context.idOf(edge.target)}${label ? ` : ${label}` : ""}`);
  }
  return lines;
}

/** Mermaid ids: state keys when they are unique in the machine, else paths joined with `_`. */
export function stateIdOf(machine: AnyStateMachine): (node: AnyStateNode | string) => string {
  const nodes = stateNodesOf(machine);
  const keysUnique = new Set(nodes.map((node) => node.key)).size === nodes.length;
  return (node) => {
    const stateNode = typeof node === "string" ? machine.getStateNodeById(node) : node;
    return keysUnique ? stateNode.key : stateNode.path.join("_");
  };
}

export function machineToMermaid(machine: AnyStateMachine, options: DiagramOptions): string {
  const context: DiagramContext = {
    ...labelContextOf(machine, options),
    idOf: stateIdOf(machine),
    edges: collectEdges(machine),
  };
  return ["stateDiagram-v2", ...renderBlock(context, machine.root, INDENT), ""].join("\n");
}
