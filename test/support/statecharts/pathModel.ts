// Test paths through a machine, generated with @xstate/graph from a table of real event payloads; every step
// carries xstate's own answer (`transition()`): the oracle never steps with the shell's code. A graph node
// is the *abstract* state (state value plus the context guards read) together with the transition that led
// there, so the shortest paths end on every transition, targetless ones too, from every state that takes it.
import { TestModel } from "@xstate/graph";
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type EventObject,
  initialTransition,
  transition,
} from "xstate";
import { defined } from "../defined";
import { transitionKeyOf } from "./machineDefinition";

export type LabeledEvent<TEvent> = { label: string; event: TEvent };
/** Payloads of every event type, from the current snapshot; `[]` where the event cannot happen. */
export type PayloadTable<TSnapshot, TEvent extends EventObject> = {
  [K in TEvent["type"]]: (snapshot: TSnapshot) => Array<LabeledEvent<Extract<TEvent, { type: K }>>>;
};

/** An effect: an action by name, or a message to another machine (`xstate.emit`) by its type; with the context and event it saw. */
// biome-ignore lint/suspicious/noExplicitAny: any machine's effect; each check reads the params, context and event of the action it names.
export type Effect = { type: string; params: any; context: any; event: any };
/** `description` (variant, event labels, final state) names the vitest test; `steps` are the start (no event), then one per event. */
export type MachinePath<TSnapshot, TEvent, TInput> = {
  variant: string;
  input: TInput;
  description: string;
  steps: Array<{ label: string; event?: TEvent; state: TSnapshot; effects: Effect[] }>;
};

export const effectsOf = (actions: ReadonlyArray<{ type: string; params?: unknown; info?: unknown }>): Effect[] =>
  actions.map(({ type, params, info }) => {
    const message = type === "xstate.emit" ? (params as { event: { type: string } }).event : undefined;
    return { type: message?.type ?? type, params: message ?? params, ...(info as Pick<Effect, "context" | "event">) };
  });

/** What the paths are generated from: the machine, its variants, the payloads of its events. */
export type PathModel<TSnapshot, TEvent extends EventObject, TInput> = {
  machine: AnyStateMachine;
  variants: Array<{ name: string; input: TInput }>;
  payloads: PayloadTable<TSnapshot, TEvent>;
  abstractState: (snapshot: TSnapshot) => unknown;
  /** The event a path that would end in `snapshot` ends with instead, if any. */
  end?: (snapshot: TSnapshot) => LabeledEvent<TEvent> | undefined;
};

export function generatePaths<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject, TInput>({
  machine,
  variants,
  payloads,
  abstractState,
  end,
}: PathModel<TSnapshot, TEvent, TInput>): Array<MachinePath<TSnapshot, TEvent, TInput>> {
  const labels = new Map<string, string>();
  const labelOf = (event: TEvent) => defined(labels.get(JSON.stringify(event)), `a label for ${JSON.stringify(event)}`);
  const table = payloads as unknown as Record<
    string,
    ((snapshot: TSnapshot) => Array<LabeledEvent<TEvent>>) | undefined
  >;
  // Every event type an active state node declares, inert ones (`EVENT: {}`) included.
  const eventsIn = (snapshot: TSnapshot): TEvent[] =>
    [...new Set((snapshot._nodes as AnyStateNode[]).flatMap((node) => [...node.transitions.keys()]))].flatMap(
      (type) => {
        if (!table[type]) throw new Error(`the payload table has no payload for ${type}`);
        return table[type](snapshot).map(({ label, event }) => {
          labels.set(JSON.stringify(event), label);
          return event;
        });
      },
    );
  const nodeKey = (snapshot: TSnapshot, event?: TEvent, previous?: TSnapshot): string => {
    const here = JSON.stringify(abstractState(snapshot));
    if (!event || !previous) return here;
    return `${here} via ${labelOf(event)} [${machine.getTransitionData(previous, event).map(transitionKeyOf)}] from ${JSON.stringify(previous.value)}`;
  };

  const visited = new Set<string>();
  return variants.flatMap(({ name: variant, input }) => {
    const model = new TestModel<TSnapshot, TEvent, TInput>(machine as never, {
      input,
      events: eventsIn,
      serializeState: nodeKey,
    });
    const found = model.getShortestPaths().map(({ steps }) => ({
      nodes: steps.map((step, i) =>
        i === 0 ? nodeKey(step.state) : nodeKey(step.state, step.event, defined(steps[i - 1], "the step before").state),
      ),
      events: steps.slice(1).map((step) => step.event),
      state: defined(steps.at(-1), "a path's last step").state,
    }));
    // Shortest first, greedily: a path is kept when it goes through a node no kept path went through.
    found.sort((a, b) => a.nodes.length - b.nodes.length);
    const kept = found.filter(
      ({ nodes }) => nodes.some((node) => !visited.has(node)) && nodes.every((node) => visited.add(node)),
    );
    return kept.map(({ events, state }) => {
      const last = end?.(state);
      if (last) {
        labels.set(JSON.stringify(last.event), last.label);
        events.push(last.event);
      }
      // `machine` is any machine to xstate: its snapshots are TSnapshot because the caller's type says so.
      const [start, actions] = initialTransition(machine, input);
      let current = start as TSnapshot;
      const steps: MachinePath<TSnapshot, TEvent, TInput>["steps"] = [
        { label: "start", state: current, effects: effectsOf(actions) },
      ];
      for (const event of events) {
        const [state, actions] = transition(machine, current, event);
        current = state as TSnapshot;
        steps.push({ label: labelOf(event), event, state: current, effects: effectsOf(actions) });
      }
      const moves =
        steps
          .slice(1)
          .map(({ label }) => label)
          .join(" → ") || "(start)";
      const leaf = defined(
        (current._nodes as AnyStateNode[]).find(({ type }) => type === "atomic" || type === "final"),
        "the path's leaf state",
      );
      return { variant, input, description: `${variant}: ${moves} ⇒ ${leaf.path.join(".")}`, steps };
    });
  });
}
