// The step of a targetless transition (no state is left or entered: a relayed frame, a pong, a ping), taken
// without xstate's macrostep. xstate spends most of a relayed frame's CPU on the general case — selecting
// transitions through the state value, exit and entry sets, eventless transitions, a new snapshot object —
// while such a step only picks the transition (the machine's own guards), runs its `assign`s in order and
// lists its effect actions. What this step does is read from the machine definition (its transitions,
// guards and action implementations), never written down here; anything it does not cover (a target,
// another built-in action, dynamic params, wildcard or eventless transitions) is left to xstate. Checked
// against xstate's `transition()` for every reachable state and event: test/node/targetlessStep.test.ts.
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject, MachineContext } from "xstate";

type Context = MachineContext;
type Args = { context: Context; event: EventObject; spawn?: unknown; self: unknown; system: unknown };
type Assignment = ((args: Args, params: unknown) => Partial<Context>) | Record<string, unknown>;
type Guard = (args: { context: Context; event: EventObject }, params: unknown) => boolean;

/** One action of a transition: a context update, or an effect the shell executes by name. */
type Step = { assign: Assignment; params: unknown } | { effect: string; params: unknown; exec: unknown };
/** One candidate transition of one state node, in xstate's order; `plan` null: only xstate can take it. */
type Candidate = { guard?: { check: Guard; params: unknown }; plan: Step[] | null };

export interface ExecutedAction {
  type: string;
  info: { context: Context; event: EventObject; self: unknown; system: unknown };
  params: unknown;
  exec: unknown;
}

const NOT_DERIVABLE = null;

function spawnNotSupported(): never {
  throw new Error("targetlessStep: spawn is not supported (the machines are pure)");
}

/** `scope`: what effect actions see as `self` and `system` (the inert scope of ./pureTransition.ts). */
export function targetlessStep(logic: AnyStateMachine, scope: { self: unknown; system: unknown }) {
  const { actions: actionImpls, guards: guardImpls } = logic.implementations as {
    actions: Record<string, unknown>;
    guards: Record<string, unknown>;
  };
  const leaves = new WeakMap<readonly AnyStateNode[], AnyStateNode | null>();
  const chains = new Map<AnyStateNode, Map<string, Candidate[] | null>>();

  function leafOf(nodes: readonly AnyStateNode[]): AnyStateNode | null {
    let leaf = leaves.get(nodes);
    if (leaf === undefined) {
      const atomic = nodes.filter((node) => node.type === "atomic");
      leaf = atomic.length === 1 ? atomic[0]! : NOT_DERIVABLE;
      leaves.set(nodes, leaf);
    }
    return leaf;
  }

  function planOf(actions: readonly unknown[]): Step[] | null {
    const plan: Step[] = [];
    for (const action of actions) {
      if (typeof action !== "string" && (typeof action !== "object" || action === null)) return NOT_DERIVABLE;
      const ref = typeof action === "string" ? { type: action } : (action as { type: string; params?: unknown });
      if (typeof ref.params === "function") return NOT_DERIVABLE;
      const impl = actionImpls[ref.type] as { type?: string; resolve?: unknown; assignment?: Assignment } | undefined;
      if (impl && "resolve" in impl) {
        if (impl.type !== "xstate.assign" || !impl.assignment) return NOT_DERIVABLE;
        plan.push({ assign: impl.assignment, params: ref.params });
      } else {
        plan.push({ effect: ref.type, params: ref.params, exec: impl });
      }
    }
    return plan;
  }

  function guardOf(guard: unknown): Candidate["guard"] | null {
    const ref = typeof guard === "string" ? { type: guard } : (guard as { type?: string; params?: unknown });
    if (typeof ref !== "object" || ref === null || typeof ref.type !== "string") return NOT_DERIVABLE;
    const check = guardImpls[ref.type];
    if (typeof check !== "function" || "check" in check || typeof ref.params === "function") return NOT_DERIVABLE;
    return { check: check as Guard, params: ref.params };
  }

  /** The candidates for one event type from the leaf up to the root; null when xstate must decide. */
  function chainOf(leaf: AnyStateNode, type: string): Candidate[] | null {
    let byType = chains.get(leaf);
    if (!byType) chains.set(leaf, (byType = new Map()));
    let chain = byType.get(type);
    if (chain !== undefined) return chain;
    chain = [];
    for (let node: AnyStateNode | undefined = leaf; node && chain; node = node.parent) {
      if (node.always?.length || [...node.transitions.keys()].some((key) => key.includes("*"))) chain = NOT_DERIVABLE;
      for (const transition of node.transitions.get(type) ?? []) {
        if (!chain) break;
        const guard = transition.guard === undefined ? undefined : guardOf(transition.guard);
        const targetless = !transition.target?.length && !transition.reenter;
        if (guard === NOT_DERIVABLE) chain = NOT_DERIVABLE;
        else chain.push({ guard, plan: targetless ? planOf(transition.actions) : NOT_DERIVABLE });
      }
    }
    byType.set(type, chain);
    return chain;
  }

  /** The next snapshot and the effect actions, as xstate's `transition()`; undefined: ask xstate. */
  return function step<S extends AnyMachineSnapshot>(snapshot: S, event: EventObject): [S, ExecutedAction[]] | undefined {
    if (snapshot.status !== "active" || event.type.startsWith("xstate.")) return undefined;
    const leaf = leafOf(snapshot._nodes);
    const chain = leaf && chainOf(leaf, event.type);
    if (!chain) return undefined;
    let plan: Step[] | null = [];
    try {
      const chosen = chain.find(({ guard }) => !guard || guard.check({ context: snapshot.context, event }, guard.params));
      plan = chosen ? chosen.plan : [];
    } catch {
      return undefined; // xstate reports a throwing guard its own way
    }
    if (!plan) return undefined;
    let context = snapshot.context;
    const executed: ExecutedAction[] = [];
    for (const step of plan) {
      if ("effect" in step) {
        const info = { context, event, self: scope.self, system: scope.system };
        executed.push({ type: step.effect, info, params: step.params, exec: step.exec });
        continue;
      }
      const args: Args = { context, event, spawn: spawnNotSupported, self: scope.self, system: scope.system };
      const { assign } = step;
      let update: Partial<Context>;
      if (typeof assign === "function") update = assign(args, step.params);
      else {
        update = {};
        for (const key of Object.keys(assign)) {
          const value = assign[key];
          update[key] = typeof value === "function" ? (value as (a: Args, p: unknown) => unknown)(args, step.params) : value;
        }
      }
      context = Object.assign({}, context, update);
    }
    return [context === snapshot.context ? snapshot : ({ ...snapshot, context } as S), executed];
  };
}
