// One step of a machine without xstate's macrostep, derived from the machine definition. xstate spends most
// of an event's CPU on the general case — selecting transitions through the state value, computing exit and
// entry sets, looking for eventless transitions, building a new snapshot — while each transition of our
// machines, from each leaf state, always does the same: the same actions in the same order, ending in the
// same configuration (./transitionPlans.ts works that out once). A step here picks the transition with the
// machine's own guards, runs the planned `assign`s and `emit`s in order and lists the effect actions, exactly
// as xstate's `transition()` returns them. Nothing about behaviour is written here; whatever the plans do not
// cover is left to xstate (undefined). Checked against xstate for every reachable state × event:
// test/node/derivedStep.test.ts.
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, AnyTransitionDefinition, EventObject, MachineContext } from "xstate";
import { transitionPlans, type Plan } from "./transitionPlans";

type Context = MachineContext;
type Guard = (args: { context: Context; event: EventObject }, params: unknown) => boolean;

/**
 * One candidate transition of one state node, in xstate's order (the leaf's first, then its ancestors'), and
 * its plan from that leaf once worked out (null: xstate must take it).
 */
type Candidate = { guard?: { check: Guard; params: unknown }; transition: AnyTransitionDefinition; plan?: Plan | null };

export interface ExecutedAction {
  type: string;
  info: { context: Context; event: EventObject; self: unknown; system: unknown };
  params: unknown;
  exec: unknown;
}

function spawnNotSupported(): never {
  throw new Error("derivedStep: spawn is not supported (the machines are pure)");
}

/** `scope`: what actions see as `self` and `system` (the inert scope of ./pureTransition.ts). */
export function derivedStep(logic: AnyStateMachine, scope: { self: unknown; system: unknown }) {
  const guardImpls = (logic.implementations.guards ?? {}) as Record<string, unknown>;
  const { planOf } = transitionPlans(logic);
  const parallel = (node: AnyStateNode): boolean => node.type === "parallel" || Object.values(node.states).some(parallel);
  if (parallel(logic.root)) return () => undefined;
  const chains = new Map<AnyStateNode, Map<string, Candidate[] | null>>();

  /** The one active atomic state (a machine without parallel states has one), usually the last node listed. */
  function leafOf(nodes: readonly AnyStateNode[]): AnyStateNode | null {
    for (let index = nodes.length - 1; index >= 0; index--) if (nodes[index]!.type === "atomic") return nodes[index]!;
    return null;
  }

  function guardOf(guard: unknown): Candidate["guard"] | null {
    const ref = typeof guard === "string" ? { type: guard } : (guard as { type?: string; params?: unknown });
    if (typeof ref !== "object" || ref === null || typeof ref.type !== "string") return null;
    const check = guardImpls[ref.type];
    if (typeof check !== "function" || "check" in check || typeof ref.params === "function") return null;
    return { check: check as Guard, params: ref.params };
  }

  /** The candidates for one event type from the leaf up to the root; null when xstate must select. */
  function chainOf(leaf: AnyStateNode, type: string): Candidate[] | null {
    let byType = chains.get(leaf);
    if (!byType) chains.set(leaf, (byType = new Map()));
    let chain = byType.get(type);
    if (chain !== undefined) return chain;
    chain = [];
    for (let node: AnyStateNode | undefined = leaf; node && chain; node = node.parent) {
      if (node.always?.length || [...node.transitions.keys()].some((key) => key.includes("*"))) chain = null;
      for (const transition of node.transitions.get(type) ?? []) {
        const guard = transition.guard === undefined ? undefined : guardOf(transition.guard);
        if (!chain || guard === null) {
          chain = null;
          break;
        }
        chain.push({ guard, transition });
      }
    }
    byType.set(type, chain);
    return chain;
  }

  /** The next snapshot and the executed actions, as xstate's `transition()`; undefined: ask xstate. */
  return function step<S extends AnyMachineSnapshot>(snapshot: S, event: EventObject): [S, ExecutedAction[]] | undefined {
    if (snapshot.status !== "active" || event.type.startsWith("xstate.")) return undefined;
    const leaf = leafOf(snapshot._nodes);
    const chain = leaf && chainOf(leaf, event.type);
    if (!chain) return undefined;
    let chosen: Candidate | undefined;
    try {
      for (const candidate of chain) {
        const { guard } = candidate;
        if (guard && !guard.check({ context: snapshot.context, event }, guard.params)) continue;
        chosen = candidate;
        break;
      }
    } catch {
      return undefined; // xstate reports a throwing guard its own way
    }
    if (!chosen) return [snapshot, []];
    if (chosen.plan === undefined) chosen.plan = planOf(leaf, chosen.transition);
    const plan = chosen.plan;
    if (!plan) return undefined;
    let context = snapshot.context;
    const { self, system } = scope;
    const executed: ExecutedAction[] = [];
    for (const action of plan.actions) {
      if (action.kind === "effect") {
        executed.push({ type: action.type, info: { context, event, self, system }, params: action.params, exec: action.exec });
      } else if (action.kind === "emit") {
        const info = { context, event, self, system };
        const emitted = typeof action.event === "function" ? (action.event as (a: typeof info, p: unknown) => unknown)(info, action.params) : action.event;
        executed.push({ type: "xstate.emit", info, params: { event: emitted }, exec: undefined });
      } else {
        const args = { context, event, spawn: spawnNotSupported, self, system };
        const { assignment } = action;
        let update: Record<string, unknown>;
        if (typeof assignment === "function") update = (assignment as (a: typeof args, p: unknown) => Record<string, unknown>)(args, action.params);
        else {
          update = {};
          for (const key of Object.keys(assignment)) {
            const value = assignment[key];
            update[key] = typeof value === "function" ? (value as (a: typeof args, p: unknown) => unknown)(args, action.params) : value;
          }
        }
        // xstate makes a new context for every assign; an equal one is kept here, so that the shell sees by
        // reference that nothing changed (a frame that leaves the quantised read deadline where it was).
        for (const key in update) {
          if (update[key] !== context[key]) {
            context = Object.assign({}, context, update);
            break;
          }
        }
      }
    }
    const { next } = plan;
    if (next) {
      const status = next.done ? "done" : snapshot.status;
      const moved = { ...snapshot, context, _nodes: next.nodes, value: next.value, tags: next.tags, status, output: undefined };
      return [moved as S, executed];
    }
    return [context === snapshot.context ? snapshot : ({ ...snapshot, context } as S), executed];
  };
}

/**
 * A machine's first snapshot for any input, derived from one made by xstate (`probe`): the initial
 * configuration is the same for every input, and when entering it runs no action (none of our machines'
 * does) only the context differs, made by the machine's own context factory. Undefined when xstate must
 * make every first snapshot itself.
 */
export function derivedInitialSnapshot<S extends AnyMachineSnapshot>(logic: AnyStateMachine, scope: { self: unknown }, probe: S, probeActions: readonly unknown[]) {
  const factory = (logic.config as { context?: unknown }).context;
  const nodes = probe._nodes as AnyStateNode[];
  const runsActions = nodes.some((node) => node.entry.length > 0 || node.initial.actions.length > 0 || (node.always?.length ?? 0) > 0);
  if (probe.status !== "active" || typeof factory !== "function" || runsActions || probeActions.length > 0) return undefined;
  return (input: unknown): S | undefined => {
    let context: Context;
    try {
      context = Object.assign({}, (factory as (args: object) => Context)({ spawn: spawnNotSupported, input, self: scope.self }));
    } catch {
      return undefined; // xstate makes an error snapshot of it
    }
    return { ...probe, context };
  };
}
