// Generates test paths through a machine with @xstate/graph, from a table of real event payloads.
//
// A graph node is the machine's *abstract* state (state value plus the context its guards read) together
// with the transition that led there (payload label, selected transitions, previous state value). Keying
// nodes by the incoming transition makes the shortest-path search end one path on every transition,
// targetless ones included, from every state it can be taken in, instead of only on every state value.
// Paths that are a prefix of another path are dropped by @xstate/graph, so every remaining path is one test.
import { TestModel, type TestPath } from "@xstate/graph";
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject, StateValue } from "xstate";
import { selectedTransitionKeys } from "./machineDefinition";

export const INIT_EVENT_TYPE = "xstate.init";

/** One payload of an event type, with the short label that names it in path descriptions. */
export interface LabeledEvent<TEvent> {
  label: string;
  event: TEvent;
}

/**
 * The payloads to try for every event type of a machine. A function of the current snapshot so that a
 * payload can be realistic (an alarm fires at the deadline in the context, a LEAVE names an occupant).
 */
export type PayloadTable<TSnapshot, TEvent extends EventObject> = {
  [K in TEvent["type"]]: (snapshot: TSnapshot) => Array<LabeledEvent<Extract<TEvent, { type: K }>>>;
};

export interface PathStep<TSnapshot, TEvent> {
  /** `xstate.init` (start the actor) for the first step. */
  event: TEvent | { type: typeof INIT_EVENT_TYPE };
  label: string;
  /** What the model says the machine is in after the event. */
  state: TSnapshot;
}

export interface MachinePath<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject, TInput> {
  machine: string;
  variant: string;
  input: TInput;
  /** Variant, event labels and the final state: the vitest test name. */
  description: string;
  steps: Array<PathStep<TSnapshot, TEvent>>;
  /** The same path as @xstate/graph generated it, for `testPath.test({ events, states })`. */
  testPath: TestPath<TSnapshot, TEvent>;
}

export type AnyMachinePath = MachinePath<AnyMachineSnapshot, EventObject, unknown>;

export interface PathModelConfig<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject, TInput> {
  name: string;
  machine: AnyStateMachine;
  /** Inputs to run the machine under, named; later variants only add paths to what earlier ones miss. */
  variants: Array<{ name: string; input: TInput }>;
  payloads: PayloadTable<TSnapshot, TEvent>;
  /** The part of a snapshot that decides where the machine can go next: state value plus guarded context. */
  abstractState: (snapshot: TSnapshot) => unknown;
}

/** `active.waiting`, or `a.x + b.y` for parallel states. */
export function stateValueLabel(value: StateValue): string {
  if (typeof value === "string") return value;
  return Object.entries(value)
    .map(([key, child]) => (child && (typeof child === "string" || Object.keys(child).length) ? `${key}.${stateValueLabel(child)}` : key))
    .join(" + ");
}

/**
 * The payloads for every event type the snapshot's state nodes declare a transition for. Unlike
 * `createTestModel`'s default this includes inert transitions (`EVENT: {}`, "ignore EVENT here"), and a
 * declared event type without payloads is an error instead of a bare `{ type }` event.
 */
function payloadsFor<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(
  payloads: PayloadTable<TSnapshot, TEvent>,
  snapshot: TSnapshot,
): Array<LabeledEvent<TEvent>> {
  const table = payloads as unknown as Record<string, ((snapshot: TSnapshot) => Array<LabeledEvent<TEvent>>) | undefined>;
  const declared = new Set((snapshot._nodes as AnyStateNode[]).flatMap((node) => [...node.transitions.keys()]));
  return [...declared].flatMap((type) => {
    const labeled = table[type]?.(snapshot) ?? [];
    if (labeled.length === 0) throw new Error(`the payload table has no payload for ${type} in ${JSON.stringify(snapshot.value)}`);
    return labeled;
  });
}

/**
 * Shortest paths to every (abstract state, incoming transition) node of every variant. A path of a later
 * variant is kept only when it ends in a node no earlier variant's path went through.
 */
export function generatePaths<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject, TInput>(
  config: PathModelConfig<TSnapshot, TEvent, TInput>,
): Array<MachinePath<TSnapshot, TEvent, TInput>> {
  const { name, machine, variants, payloads, abstractState } = config;
  const labels = new Map<string, string>();
  const labelOf = (event: TEvent): string => {
    const label = labels.get(JSON.stringify(event));
    if (label === undefined) throw new Error(`${name}: no payload in the table for ${JSON.stringify(event)}`);
    return label;
  };
  const nodeKey = (snapshot: TSnapshot, event: TEvent | undefined, previous?: TSnapshot): string => {
    const here = JSON.stringify(abstractState(snapshot));
    if (!event || !previous) return here;
    const taken = selectedTransitionKeys(machine, previous, event);
    return `${here} via ${labelOf(event)} [${taken.join(", ")}] from ${JSON.stringify(previous.value)}`;
  };
  const eventsIn = (snapshot: TSnapshot): TEvent[] =>
    payloadsFor(payloads, snapshot).map(({ label, event }) => {
      const known = labels.get(JSON.stringify(event));
      if (known !== undefined && known !== label) throw new Error(`${name}: "${known}" and "${label}" label the same event`);
      labels.set(JSON.stringify(event), label);
      return event;
    });

  const visited = new Set<string>();
  return variants.flatMap(({ name: variant, input }) => {
    const model = new TestModel<TSnapshot, TEvent, TInput>(machine as never, {
      input,
      events: eventsIn,
      serializeState: nodeKey,
      // As `createTestModel` matches: `#id` selects a state node, anything else is a state value.
      stateMatcher: (snapshot, key) =>
        key.startsWith("#") ? snapshot._nodes.includes(machine.getStateNodeById(key)) : snapshot.matches(key as never),
    });
    const paths = model.getShortestPaths().map((testPath) => {
      const steps = testPath.steps.map((step) => ({
        event: step.event,
        label: step.event.type === INIT_EVENT_TYPE ? INIT_EVENT_TYPE : labelOf(step.event),
        state: step.state,
      }));
      const nodes = testPath.steps.map((step, index) =>
        index === 0 ? nodeKey(step.state, undefined) : nodeKey(step.state, step.event, testPath.steps[index - 1]!.state),
      );
      const moves = steps.slice(1).map((step) => step.label);
      const description = `${variant}: ${moves.length ? moves.join(" → ") : "(start)"} ⇒ ${stateValueLabel(testPath.state.value)}`;
      const path: MachinePath<TSnapshot, TEvent, TInput> = { machine: name, variant, input, description, steps, testPath };
      return { path, nodes };
    });
    const kept = paths.filter(({ nodes }) => !visited.has(nodes[nodes.length - 1]!));
    for (const { nodes } of kept) for (const node of nodes) visited.add(node);
    return kept.map(({ path }) => path);
  });
}
