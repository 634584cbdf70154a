// xstate's `transition()` and `initialTransition()`, with one inert actor scope per machine and isolate
// instead of one per call. xstate builds that scope from a throw-away actor (and actor system) every time,
// and for our machines that actor's eager initial snapshot throws on its missing input: together most of
// the CPU time of a relayed frame (docs/performance.md). Our machines are pure (no invoke, spawn or delayed
// events), so nothing lives in the scope between calls and the results are the same snapshots and effect
// actions; every Durable Object of the isolate shares them. Steps that the machine definition determines
// ahead (all of our machines' steps) skip xstate's macrostep altogether (./derivedStep.ts).
import {
  createActor,
  type AnyActorScope,
  type AnyStateMachine,
  type EventFromLogic,
  type ExecutableActionsFrom,
  type InputFrom,
  type SnapshotFrom,
} from "xstate";
import { derivedInitialSnapshot, derivedStep } from "./derivedStep";

export interface PureTransitions<T extends AnyStateMachine> {
  initialTransition(input: InputFrom<T>): [SnapshotFrom<T>, ExecutableActionsFrom<T>[]];
  transition(snapshot: SnapshotFrom<T>, event: EventFromLogic<T>): [SnapshotFrom<T>, ExecutableActionsFrom<T>[]];
}

const shared = new WeakMap<AnyStateMachine, PureTransitions<AnyStateMachine>>();

/** `sampleInput` only builds the scope's never-started `self` actor (once per machine and isolate). */
export function pureTransitions<T extends AnyStateMachine>(logic: T, sampleInput: InputFrom<T>): PureTransitions<T> {
  let steps = shared.get(logic) as PureTransitions<T> | undefined;
  if (!steps) shared.set(logic, (steps = createPureTransitions(logic, sampleInput)));
  return steps;
}

function createPureTransitions<T extends AnyStateMachine>(logic: T, sampleInput: InputFrom<T>): PureTransitions<T> {
  let actions: ExecutableActionsFrom<T>[] = [];
  const self = createActor(logic, { input: sampleInput });
  const scope: AnyActorScope = {
    self,
    id: "",
    sessionId: "",
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: self.system,
    stopChild: () => {},
    actionExecutor: (action) => {
      actions.push(action as ExecutableActionsFrom<T>);
    },
  };
  const derived = derivedStep(logic, scope);
  actions = [];
  const probe = logic.getInitialSnapshot(scope, sampleInput) as SnapshotFrom<T>;
  const derivedInitial = derivedInitialSnapshot(logic, scope, probe, actions);
  return {
    initialTransition(input) {
      const initial = derivedInitial?.(input);
      if (initial) return [initial, []];
      actions = [];
      const snapshot = logic.getInitialSnapshot(scope, input) as SnapshotFrom<T>;
      return [snapshot, actions];
    },
    transition(snapshot, event) {
      const step = derived(snapshot, event);
      if (step) return step as unknown as [SnapshotFrom<T>, ExecutableActionsFrom<T>[]];
      actions = [];
      const next = logic.transition(snapshot, event, scope) as SnapshotFrom<T>;
      return [next, actions];
    },
  };
}
