// What a machine definition contains, read from `machine.root`: states, transitions (one per guard branch), actions.
// Coverage, path tables and diagrams count against it, so a new state or transition shows up everywhere by itself.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, UnknownAction } from "xstate";

export type ActionRef = { type: string; params?: Record<string, unknown> };
export interface TransitionInfo {
  /** `source|event|branch`, stable across `machine.provide(...)` copies of the machine. */
  key: string;
  source: string;
  /** `always` for eventless transitions. */
  event: string;
  /** Position among the transitions of `source` for `event`: the guard branch. */
  branch: number;
  guard?: string;
  /** Target state ids; empty for a targetless transition (no exit, no entry). */
  targets: string[];
  actions: ActionRef[];
}

/** Every state node below the root, in document order. */
export const stateNodesOf = (machine: AnyStateMachine): AnyStateNode[] => below(machine.root);
const below = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states).flatMap((child) => [child, ...below(child)]);
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

const eventOf = ({ eventType }: AnyTransitionDefinition) => (eventType === "" ? "always" : eventType);
function branchOf(transition: AnyTransitionDefinition): number {
  const source = transition.source as AnyStateNode;
  return ((transition.eventType === "" ? source.always : source.transitions.get(transition.eventType)) ?? []).indexOf(
    transition,
  );
}

export const transitionKeyOf = (transition: AnyTransitionDefinition) =>
  `${(transition.source as AnyStateNode).id}|${eventOf(transition)}|${branchOf(transition)}`;

/** Transitions declared on one state node: `on` first (in declaration order), then `always`. */
export function ownTransitionsOf(node: AnyStateNode): TransitionInfo[] {
  return [...[...node.transitions.values()].flat(), ...(node.always ?? [])].map(
    (transition: AnyTransitionDefinition) => {
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
    },
  );
}

/** Every transition of the machine, root included. */
export const transitionsOf = (machine: AnyStateMachine) =>
  [machine.root, ...stateNodesOf(machine)].flatMap(ownTransitionsOf);

/** The event types some state of the machine reacts to (eventless transitions excluded). */
export const acceptedEventTypesOf = (machine: AnyStateMachine): string[] =>
  [...new Set(transitionsOf(machine).map(({ event }) => event))].filter((event) => event !== "always").sort();

/** Actions with side effects (the ones the shell runs), as opposed to `assign` context updates: from `setup({ actions })`. */
export function effectActionNamesOf(machine: AnyStateMachine): string[] {
  const actions = (machine.implementations.actions ?? {}) as Record<string, { type?: string }>;
  return Object.entries(actions)
    .filter(([, action]) => action.type !== "xstate.assign")
    .map(([name]) => name);
}
