// The hot path's steps without xstate's macrostep: a relayed frame, a pong, a ping due. Each of them takes a
// targetless transition, and what xstate does for one of those is short: pick the first transition for the
// event whose guard passes, from the active leaf state up to the root; run its actions in order; the state
// stays where it is (https://stately.ai/docs/transitions#targetless-transitions). The rest of xstate's
// macrostep (exit and entry sets, a new snapshot's value and tags, the search for eventless transitions)
// costs about a third of a relayed frame's CPU in workerd (docs/performance.md, same-run A/B).
//
// Only xstate's public surface is read: the snapshot's `value`, `status` and `context`, the state nodes'
// `states`, `parent`, `transitions` and `always`, each transition's `target`, `guard` and `actions`, and the
// machine's `implementations`. A context update runs the machine's own updater function (the one its
// `assign` wraps, passed in as `updates`); an effect (named in `effects`) is listed as xstate lists it. Anything else — a
// transition with a target, an emitted message, a built-in guard, a wildcard, an eventless transition —
// answers undefined and xstate steps. test/node/targetlessStep.test.ts checks every reachable state × event
// against xstate's own `transition()`.
import type {
  AnyMachineSnapshot,
  AnyStateMachine,
  AnyStateNode,
  AnyTransitionDefinition,
  EventObject,
  StateValue,
} from "xstate";

type Context = Record<string, unknown>;
type Guard = (args: { context: Context; event: EventObject }, params: unknown) => boolean;
type Updater = (args: { context: Context; event: EventObject }, params: unknown) => Context;

/** An action as xstate's `transition()` returns it, with what the shell's effects read. */
export interface ListedAction {
  type: string;
  params: unknown;
  info: { context: Context; event: EventObject; self: unknown; system: unknown };
  exec: unknown;
}

type Planned =
  | { kind: "update"; update: Updater; params: unknown }
  | { kind: "effect"; type: string; params: unknown; exec: unknown };
/** `actions` null: a transition with a target (or an action not listed here), which xstate takes. */
type Candidate = { guard?: { check: Guard; params: unknown }; actions: Planned[] | null };

/** The key of a value with one active child; undefined for parallel states, which are left to xstate. */
function onlyKey(value: Record<string, StateValue | undefined>): string | undefined {
  let only: string | undefined;
  for (const key in value) {
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}

/**
 * An action's or guard's name and params; undefined for dynamic params. An inline function has no name: looked
 * up by `undefined`, it is in no table, so xstate steps it.
 */
function refOf(ref: unknown): { type: string; params: unknown } | undefined {
  if (typeof ref === "string") return { type: ref, params: undefined };
  const { type, params } = Object(ref) as { type: string; params?: unknown };
  return typeof params === "function" ? undefined : { type, params };
}

/** The machine's own context updaters (by the name of the `assign` that wraps each) and effect names. */
export interface MachineParts {
  // Each updater takes its own machine's context and events: checked against xstate by the tests, not here.
  updates: Readonly<Record<string, (args: { context: never; event: never }) => object>>;
  effects: readonly string[];
}

/** `scope`: what actions see as `self` and `system` (the inert scope of ./pureTransition.ts). */
export function targetlessStep(
  logic: AnyStateMachine,
  { updates, effects }: MachineParts,
  scope: { self: unknown; system: unknown },
) {
  const effectNames = new Set(effects);
  const guardImpls = (logic.implementations.guards ?? {}) as Record<string, unknown>;
  const actionImpls = (logic.implementations.actions ?? {}) as Record<string, unknown>;
  const chains = new Map<AnyStateNode, Map<string, Candidate[] | null>>();

  /** The one active leaf, from a value such as `{ active: { accepted: { pinged: "paired" } } }`. */
  function leafOf(value: StateValue): AnyStateNode | null {
    let node: AnyStateNode = logic.root;
    let rest: StateValue = value;
    for (;;) {
      const key = typeof rest === "string" ? rest : onlyKey(rest);
      const child = key === undefined ? undefined : (node.states[key] as AnyStateNode | undefined);
      if (!child) return null;
      // A state value names each active state down to a leaf: a string is always one.
      if (typeof rest === "string") return child;
      node = child;
      rest = (rest as Record<string, StateValue>)[key as string] as StateValue;
    }
  }

  function guardOf(guard: unknown): Candidate["guard"] | null {
    const ref = refOf(guard);
    const check = ref && guardImpls[ref.type];
    if (!ref || typeof check !== "function" || "check" in check) return null;
    return { check: check as Guard, params: ref.params };
  }

  function actionsOf(transition: AnyTransitionDefinition): Planned[] | null {
    const planned: Planned[] = [];
    for (const action of transition.actions) {
      const ref = refOf(action);
      if (!ref) return null;
      const update = Object.hasOwn(updates, ref.type) ? (updates[ref.type] as unknown as Updater) : undefined;
      const impl = actionImpls[ref.type];
      if (update) planned.push({ kind: "update", update, params: ref.params });
      else if (effectNames.has(ref.type))
        planned.push({ kind: "effect", type: ref.type, params: ref.params, exec: impl });
      else return null;
    }
    return planned;
  }

  /** The candidates for one event type from the leaf up, in xstate's order; null when xstate must step. */
  function chainOf(leaf: AnyStateNode, type: string): Candidate[] | null {
    let byType = chains.get(leaf);
    if (!byType) {
      byType = new Map();
      chains.set(leaf, byType);
    }
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
        chain.push({ guard, actions: transition.target === undefined ? actionsOf(transition) : null });
      }
    }
    byType.set(type, chain);
    return chain;
  }

  /** The next snapshot and the listed actions, as xstate's `transition()`; undefined: ask xstate. */
  return function step<S extends AnyMachineSnapshot>(snapshot: S, event: EventObject): [S, ListedAction[]] | undefined {
    if (snapshot.status !== "active" || event.type.startsWith("xstate.")) return undefined;
    const leaf = leafOf(snapshot.value);
    const chain = leaf && chainOf(leaf, event.type);
    if (!chain) return undefined;
    let chosen: Candidate | undefined;
    try {
      chosen = chain.find(({ guard }) => !guard || guard.check({ context: snapshot.context, event }, guard.params));
    } catch {
      return undefined; // xstate reports a throwing guard its own way
    }
    if (!chosen) return [snapshot, []];
    if (!chosen.actions) return undefined;
    let context = snapshot.context as Context;
    const { self, system } = scope;
    const listed: ListedAction[] = [];
    for (const action of chosen.actions) {
      if (action.kind === "effect") {
        listed.push({
          type: action.type,
          params: action.params,
          info: { context, event, self, system },
          exec: action.exec,
        });
      } else {
        context = Object.assign({}, context, action.update({ context, event }, action.params));
      }
    }
    return [context === snapshot.context ? snapshot : ({ ...snapshot, context } as S), listed];
  };
}
