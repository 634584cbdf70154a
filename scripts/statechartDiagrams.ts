// Mermaid `stateDiagram-v2` text for a machine, read from its definition (not from `toDirectedGraph`,
// which drops `always` transitions and draws targetless ones as self-loops that look like re-entries).
//
// - every state is declared `state "name" as id`, so its box is titled by its name whatever else it shows;
// - compound states become composite states, at any depth; `[*]` marks initial and final states;
// - each edge is drawn in the innermost composite state that holds both ends as direct children, else at the
//   top level (Mermaid moves a state into the block of any edge that names it);
// - one arrow per (source, target) pair; each transition is a line of its label (statechartLabels.ts),
//   except that transitions doing nothing but close the connection share one line (statechartCloses.ts);
// - what a state does while it stays (entry/exit effects, targetless transitions) is listed under a leaf
//   state's title, as Mermaid's description lines. Mermaid refuses those on a composite state, so its lines go
//   in a box inside it, titled `while in <name>` and coloured like a note (`classDef whileIn`). A Mermaid note
//   would be laid out far below, among the arrows; lines in the composite's title would widen its frame past
//   its parent's and lie under the arrows that enter it.
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
  type DiagramOptions,
  type LabelContext,
  labelContextOf,
  mermaidText,
  transitionText,
  visibleActions,
} from "./statechartLabels";

const INDENT = "  ";
/** The class of the boxes that list what a composite state does while it stays (test/e2e/harness/renderDiagram.js
 * finds them by it), in the colours of a Mermaid note. */
const WHILE_IN_CLASS = "whileIn";
const WHILE_IN_STYLE = "fill:#fff5ad,stroke:#aaaa33";

interface DiagramContext extends LabelContext {
  /** The Mermaid id of a state: its key, or its path when keys repeat (Mermaid ids are global). */
  idOf: (node: AnyStateNode | string) => string;
  /** The arrows drawn inside each composite state (the root included). */
  edges: Map<AnyStateNode, Edge[]>;
  /** The Mermaid ids of the `while in` boxes drawn so far. */
  whileIns: string[];
}

/** Entry/exit effects and transitions that change no state: what a state does while it stays. */
export function internalLines(context: LabelContext, node: AnyStateNode): string[] {
  const lines: string[] = [];
  for (const [label, actions] of [
    ["entry", node.entry],
    ["exit", node.exit],
  ] as const) {
    const visible = visibleActions(context, actionRefsOf(actions), false)
      .map((action) => actionText(context, action))
      .join(", ");
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
      lines.push(
        closeSummaryText(
          context,
          closing.map(({ transition }) => transition),
          entry.siblings,
        ),
      );
    }
  }
  return lines;
}

/**
 * One line per transition. Mermaid wraps a long line, so when any transition on the arrow has actions (and so
 * may wrap), a blank line keeps each transition apart; bare event names stay one under the other. The blank
 * line holds a no-break space (Mermaid's entity `#160;`): Mermaid makes an empty one a paragraph break, drawn
 * without a gap.
 */
function edgeLabel(lines: string[]): string {
  return lines.join(lines.some((line) => line.includes(" / ")) ? "<br/>#160;<br/>" : "<br/>");
}

function renderState(context: DiagramContext, node: AnyStateNode, pad: string): string[] {
  const id = context.idOf(node);
  const name = mermaidText(node.key);
  const internal = internalLines(context, node).map(mermaidText);
  const lines: string[] = [];
  if (Object.keys(node.states).length) {
    const inner = pad + INDENT;
    lines.push(`${pad}state "${name}" as ${id} {`);
    if (internal.length) {
      const whileId = `${id}_${WHILE_IN_CLASS}`;
      context.whileIns.push(whileId);
      lines.push(
        `${inner}state "while in ${name}" as ${whileId}`,
        ...internal.map((line) => `${inner}${whileId} : ${line}`),
      );
    }
    lines.push(...renderBlock(context, node, inner), `${pad}}`);
  } else {
    lines.push(`${pad}state "${name}" as ${id}`, ...internal.map((line) => `${pad}${id} : ${line}`));
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
    const label = edgeLabel(edgeLabelLines(context, edge).map(mermaidText));
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
  const idOf = stateIdOf(machine);
  const context: DiagramContext = {
    ...labelContextOf(machine, options),
    idOf,
    edges: collectEdges(machine),
    whileIns: [],
  };
  const body = renderBlock(context, machine.root, INDENT);
  const clash = context.whileIns.find((whileId) => stateNodesOf(machine).some((node) => idOf(node) === whileId));
  if (clash) throw new Error(`the Mermaid id ${clash} names a state and a while-in box`);
  const style = context.whileIns.length
    ? {
        head: [`${INDENT}classDef ${WHILE_IN_CLASS} ${WHILE_IN_STYLE}`],
        tail: [`${INDENT}class ${context.whileIns.join(",")} ${WHILE_IN_CLASS}`],
      }
    : { head: [], tail: [] };
  return ["stateDiagram-v2", ...style.head, ...body, ...style.tail, ""].join("\n");
}
