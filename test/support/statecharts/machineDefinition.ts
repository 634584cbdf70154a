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
  const nodes: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      nodes.push(child);
      visit(child);
    }
  };
  visit(machine.root);
  return nodes;
}

export function stateIdsOf(machine: AnyStateMachine): string[] {
  return stateNodesOf(machine).map((node) => node.id);
}

function actionRefOf(action: UnknownAction): ActionRef {
  if (typeof action === "string") return { type: action };
  if (typeof action === "function") return { type: (action as { type?: string }).type ?? "(inline)" };
  const { type, params } = action as { type: string; params?: unknown };
  return params && typeof params === "object" ? { type, params: params as Record<string, unknown> } : { type };
}

export function actionRefsOf(actions: readonly UnknownAction[]): ActionRef[] {
  return actions.map(actionRefOf);
}

function guardNameOf(transition: AnyTransitionDefinition): string | undefined {
  const guard = transition.guard as unknown;
  if (guard === undefined) return undefined;
  if (typeof guard === "string") return guard;
  if (typeof guard === "object" && guard !== null && "type" in guard) return String(guard.type);
  return "(inline guard)";
}

function isEventless(transition: AnyTransitionDefinition): boolean {
  return transition.eventType === "";
}

/** Position among the source's transitions for the same event: the guard branch. */
function branchOf(transition: AnyTransitionDefinition): number {
  const source = transition.source as AnyStateNode;
  const siblings = isEventless(transition) ? source.always : source.transitions.get(transition.eventType);
  return (siblings ?? []).indexOf(transition);
}

export function transitionKeyOf(transition: AnyTransitionDefinition): string {
  const event = isEventless(transition) ? "always" : transition.eventType;
  return `${(transition.source as AnyStateNode).id}|${event}|${branchOf(transition)}`;
}

function describeTransition(transition: AnyTransitionDefinition): TransitionInfo {
  const guard = guardNameOf(transition);
  return {
    key: transitionKeyOf(transition),
    source: (transition.source as AnyStateNode).id,
    event: isEventless(transition) ? "always" : transition.eventType,
    branch: branchOf(transition),
    ...(guard ? { guard } : {}),
    targets: (transition.target ?? []).map((target) => (target as AnyStateNode).id),
    actions: actionRefsOf(transition.actions),
  };
}

/** Transitions declared on one state node: `on` first (in declaration order), then `always`. */
export function ownTransitionsOf(node: AnyStateNode): TransitionInfo[] {
  const declared = [...node.transitions.values()].flat() as AnyTransitionDefinition[];
  const eventless = (node.always ?? []) as AnyTransitionDefinition[];
  return [...declared, ...eventless].map(describeTransition);
}

/** Every transition of the machine, root included. */
export function transitionsOf(machine: AnyStateMachine): TransitionInfo[] {
  return [machine.root, ...stateNodesOf(machine)].flatMap(ownTransitionsOf);
}

/** The event types some state of the machine reacts to (eventless transitions excluded). */
export function acceptedEventTypesOf(machine: AnyStateMachine): string[] {
  const types = new Set<string>();
  for (const transition of transitionsOf(machine)) if (transition.event !== "always") types.add(transition.event);
  return [...types].sort();
}

/**
 * Actions with side effects (the ones the shell provides), as opposed to `assign` context updates.
 * Read from the machine's `setup({ actions })`.
 */
export function effectActionNamesOf(machine: AnyStateMachine): string[] {
  const actions = (machine.implementations.actions ?? {}) as Record<string, unknown>;
  return Object.entries(actions)
    .filter(([, implementation]) => (implementation as { type?: string }).type !== "xstate.assign")
    .map(([name]) => name);
}

/** The transitions `machine` selects for `event` in `snapshot` (guards evaluated; eventless ones not included). */
export function selectedTransitionKeys(
  machine: AnyStateMachine,
  snapshot: Parameters<AnyStateMachine["getTransitionData"]>[0],
  event: Parameters<AnyStateMachine["getTransitionData"]>[1],
): string[] {
  return machine.getTransitionData(snapshot, event).map(transitionKeyOf);
}
