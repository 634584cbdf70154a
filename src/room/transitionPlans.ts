// What one transition of a machine does from one leaf state, worked out once from the machine definition:
// the actions in xstate's order (exit actions, the transition's own, entry actions) and the configuration
// it ends in. Only the shapes our machines have are planned — one active leaf (no parallel states), no
// history, no invoke, no eventless transitions, a final state only directly under the root, actions that
// are `assign`, `emit` or effects with static params; for anything else the plan is null and xstate steps.
// The rules are SCXML's as xstate 5 implements them (microstep: exit set, transition domain, entry set).
// Used by ./derivedStep.ts; checked against xstate's transition() in test/node/derivedStep.test.ts.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, StateValue } from "xstate";

export type Assignment = ((args: never, params: unknown) => object) | Record<string, unknown>;

/** One action: a context update, an emitted message, or an effect the shell executes by name. */
export type PlannedAction =
  | { kind: "assign"; assignment: Assignment; params: unknown }
  | { kind: "emit"; event: unknown; params: unknown }
  | { kind: "effect"; type: string; params: unknown; exec: unknown };

/** Where a transition with a target ends: shared by every snapshot that takes it (never mutated). */
export interface Configuration {
  nodes: AnyStateNode[];
  value: StateValue;
  tags: Set<string>;
  done: boolean;
}

export interface Plan {
  actions: PlannedAction[];
  /** Undefined for a targetless transition: the configuration stays. */
  next?: Configuration;
}

function isDescendant(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  for (let marker = node.parent; marker; marker = marker.parent) if (marker === ancestor) return true;
  return false;
}

function ancestorsOf(node: AnyStateNode, upTo?: AnyStateNode): AnyStateNode[] {
  const ancestors: AnyStateNode[] = [];
  for (let marker = node.parent; marker && marker !== upTo; marker = marker.parent) ancestors.push(marker);
  return ancestors;
}

function valueOf(leaf: AnyStateNode): StateValue {
  const [last, ...outer] = [...leaf.path].reverse();
  return outer.reduce<StateValue>((inner, key) => ({ [key]: inner }), last!);
}

export function transitionPlans(logic: AnyStateMachine) {
  const actionImpls = (logic.implementations.actions ?? {}) as Record<string, unknown>;
  const root = logic.root as AnyStateNode;

  function actionsOf(refs: readonly unknown[]): PlannedAction[] | null {
    const planned: PlannedAction[] = [];
    for (const ref of refs) {
      if (typeof ref !== "string" && (typeof ref !== "object" || ref === null)) return null;
      const { type, params } = typeof ref === "string" ? { type: ref, params: undefined } : (ref as { type: string; params?: unknown });
      if (typeof params === "function") return null;
      const impl = actionImpls[type] as { type?: string; resolve?: unknown; assignment?: Assignment; event?: unknown } | undefined;
      if (impl && "resolve" in impl) {
        if (impl.type === "xstate.assign" && impl.assignment) planned.push({ kind: "assign", assignment: impl.assignment, params });
        else if (impl.type === "xstate.emit") planned.push({ kind: "emit", event: impl.event, params });
        else return null;
      } else {
        planned.push({ kind: "effect", type, params, exec: impl });
      }
    }
    return planned;
  }

  /** A state node xstate would enter or leave with more than its actions: not planned. */
  const unplannable = (node: AnyStateNode) => node.type === "parallel" || node.type === "history" || node.invoke.length > 0 || (node.always?.length ?? 0) > 0;

  /** The plan of `transition` taken in `leaf` (the one active atomic state), or null when xstate must step. */
  function planOf(leaf: AnyStateNode, transition: AnyTransitionDefinition): Plan | null {
    const source = transition.source as AnyStateNode;
    const targets = (transition.target ?? []) as AnyStateNode[];
    if (targets.length === 0) {
      const actions = transition.reenter ? null : actionsOf(transition.actions);
      return actions && { actions };
    }
    if (targets.length > 1) return null;
    const target = targets[0]!;
    // The transition domain, as xstate's getTransitionDomain.
    let domain: AnyStateNode | undefined;
    if (!transition.reenter && (target === source || isDescendant(target, source))) domain = source;
    else domain = ancestorsOf(target).find((ancestor) => isDescendant(source, ancestor)) ?? (transition.reenter ? undefined : root);
    if (!domain) return null;
    const active = [leaf, ...ancestorsOf(leaf)];
    const exited = active.filter((node) => isDescendant(node, domain) || (transition.reenter && node === source && source === domain));
    exited.sort((a, b) => b.order - a.order);
    // The entry set: the target (unless it is the source, taken inside itself), its ancestors below the
    // domain, and the initial states below it, all in document order.
    const entered = new Set<AnyStateNode>();
    const defaultEntry = new Set<AnyStateNode>();
    if (target !== source || source !== domain || transition.reenter) {
      entered.add(target);
      defaultEntry.add(target);
    }
    for (let node = target; node.type === "compound"; ) {
      const [initial] = (node.initial.target ?? []) as AnyStateNode[];
      if (!initial) return null;
      entered.add(initial);
      defaultEntry.add(initial);
      node = initial;
    }
    const reentryDomain = !source.parent && transition.reenter ? undefined : domain;
    for (const ancestor of ancestorsOf(target, domain)) if (!reentryDomain || isDescendant(ancestor, reentryDomain)) entered.add(ancestor);
    const order = [...entered].sort((a, b) => a.order - b.order);
    if ([...exited, ...order].some(unplannable)) return null;
    const final = order.findIndex((node) => node.type === "final");
    if (final >= 0 && (final !== order.length - 1 || order[final]!.parent !== root || root.output !== undefined)) return null;

    const refs: unknown[] = [];
    for (const node of exited) refs.push(...node.exit);
    refs.push(...transition.actions);
    for (const node of order) refs.push(...node.entry, ...(defaultEntry.has(node) ? node.initial.actions : []));
    const nodesAfter = new Set(active.filter((node) => !exited.includes(node)));
    for (const node of order) nodesAfter.add(node);
    const nodes = [...nodesAfter];
    const done = final >= 0;
    // A machine that is done runs the exit actions of every state it is still in.
    if (done) for (const node of [...nodes].sort((a, b) => b.order - a.order)) refs.push(...node.exit);
    const newLeaves = nodes.filter((node) => node.type === "atomic" || node.type === "final");
    if (newLeaves.length !== 1 || nodes.some(unplannable)) return null;
    const actions = actionsOf(refs);
    const tags = new Set(nodes.flatMap((node) => node.tags));
    return actions && { actions, next: { nodes, value: valueOf(newLeaves[0]!), tags, done } };
  }

  return { planOf, actionsOf };
}
