// What a machine definition contains, read from `machine.root`: its states, its transitions (one per
// guard branch) and its actions. Coverage, path tables and diagrams all count against this list, so a
// state or transition added to a machine shows up everywhere without anyone listing it by hand.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, UnknownAction } from "xstate";

export interface ActionRef {
  type: string;
  params?: Record<string, unknown>;
}

export interface TransitionInfo {
  /** `source|event|branch`, stable across `machine.provide(...)` copies of the machine. */
  key: string;
  source: string;
  /** The event type; `always` for eventless transitions. */
  event: string;
  /** Position among the transitions of `source` for `event`: the guard branch. */
  branch: number;
  guard?: string;
  /** Target state ids; empty for a targetless transition (no exit, no entry). */
  targets: string[];
  actions: ActionRef[];
}

/** Every state node below the root, in document order. */
export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const below = (node: AnyStateNode): AnyStateNode[] => (Object.values(node.states) as AnyStateNode[]).flatMap((child) => [child, ...below(child)]);
  return below(machine.root);
}

export const stateIdsOf = (machine: AnyStateMachine): string[] => stateNodesOf(machine).map((node) => node.id);

export function actionRefsOf(actions: readonly UnknownAction[]): ActionRef[] {
  return actions.map((action) => {
    if (typeof action === "string") return { type: action };
    if (typeof action === "function") return { type: (action as { type?: string }).type ?? "(inline)" };
    const { type, params } = action as { type: string; params?: unknown };
    return params && typeof params === "object" ? { type, params: params as Record<string, unknown> } : { type };
  });
}

function guardNameOf({ guard }: AnyTransitionDefinition): string | undefined {
  if (guard === undefined || typeof guard === "string") return guard;
  return typeof guard === "object" && guard !== null && "type" in guard ? String(guard.type) : "(inline guard)";
}

const eventOf = (transition: AnyTransitionDefinition) => (transition.eventType === "" ? "always" : transition.eventType);

/** Position among the source's transitions for the same event: the guard branch. */
function branchOf(transition: AnyTransitionDefinition): number {
  const source = transition.source as AnyStateNode;
  const siblings = transition.eventType === "" ? source.always : source.transitions.get(transition.eventType);
  return (siblings ?? []).indexOf(transition);
}

export function transitionKeyOf(transition: AnyTransitionDefinition): string {
  return `${(transition.source as AnyStateNode).id}|${eventOf(transition)}|${branchOf(transition)}`;
}

/** Transitions declared on one state node: `on` first (in declaration order), then `always`. */
export function ownTransitionsOf(node: AnyStateNode): TransitionInfo[] {
  const transitions = [...([...node.transitions.values()].flat() as AnyTransitionDefinition[]), ...((node.always ?? []) as AnyTransitionDefinition[])];
  return transitions.map((transition) => {
    const guard = guardNameOf(transition);
    return {
      key: transitionKeyOf(transition),
      source: node.id,
      event: eventOf(transition),
      branch: branchOf(transition),
      ...(guard ? { guard } : {}),
      targets: (transition.target ?? []).map((target) => (target as AnyStateNode).id),
      actions: actionRefsOf(transition.actions),
    };
  });
}

/** Every transition of the machine, root included. */
export const transitionsOf = (machine: AnyStateMachine): TransitionInfo[] => [machine.root, ...stateNodesOf(machine)].flatMap(ownTransitionsOf);

/** The event types some state of the machine reacts to (eventless transitions excluded). */
export function acceptedEventTypesOf(machine: AnyStateMachine): string[] {
  return [...new Set(transitionsOf(machine).map(({ event }) => event))].filter((event) => event !== "always").sort();
}

/** Actions with side effects (the ones the shell runs), as opposed to `assign` context updates: read from `setup({ actions })`. */
export function effectActionNamesOf(machine: AnyStateMachine): string[] {
  const actions = (machine.implementations.actions ?? {}) as Record<string, { type?: string }>;
  return Object.keys(actions).filter((name) => actions[name]!.type !== "xstate.assign");
}
