// xstate's `transition()` and `initialTransition()`, with one inert actor scope per machine and isolate
// instead of one per call. xstate's own functions build that scope from a throw-away actor (and actor system)
// on every call, which cost most of a relayed frame's CPU (docs/performance.md). Our machines are pure (no
// invoke, spawn or delayed events), so nothing lives in the scope between calls: each step is exactly what
// `transition()` returns, computed by xstate's own macrostep (StateMachine#transition, its public method),
// except for targetless transitions of a machine whose parts are given (./targetlessStep.ts).
import {
  type AnyActorScope,
  type AnyStateMachine,
  createActor,
  type EventFromLogic,
  type ExecutableActionsFrom,
  type InputFrom,
  type SnapshotFrom,
} from "xstate";
import { type MachineParts, targetlessStep } from "./targetlessStep";

export interface PureTransitions<T extends AnyStateMachine> {
  initialTransition(input: InputFrom<T>): [SnapshotFrom<T>, ExecutableActionsFrom<T>[]];
  transition(snapshot: SnapshotFrom<T>, event: EventFromLogic<T>): [SnapshotFrom<T>, ExecutableActionsFrom<T>[]];
}

/**
 * `sampleInput` only builds the scope's never-started `self` actor; `parts` lets targetless transitions skip
 * xstate's macrostep. Made once per machine and isolate (./machineSteps.ts).
 */
export function pureTransitions<T extends AnyStateMachine>(
  logic: T,
  sampleInput: InputFrom<T>,
  parts?: MachineParts,
): PureTransitions<T> {
  let actions: ExecutableActionsFrom<T>[] = [];
  const self = createActor(logic, { input: sampleInput });
  const noop = () => {};
  // What xstate's createInertActorScope makes per call: an actor that is never started, whose actions are
  // collected instead of executed.
  const scope: AnyActorScope = {
    self,
    id: "",
    sessionId: "",
    logger: noop,
    defer: noop,
    emit: noop,
    system: self.system,
    stopChild: noop,
    actionExecutor: (action) => {
      actions.push(action as ExecutableActionsFrom<T>);
    },
  };
  const targetless = parts && targetlessStep(logic, parts, scope);
  return {
    initialTransition(input) {
      actions = [];
      const snapshot = logic.getInitialSnapshot(scope, input) as SnapshotFrom<T>;
      return [snapshot, actions];
    },
    transition(snapshot, event) {
      const step = targetless?.(snapshot, event);
      if (step) return step as unknown as [SnapshotFrom<T>, ExecutableActionsFrom<T>[]];
      actions = [];
      const next = logic.transition(snapshot, event, scope) as SnapshotFrom<T>;
      return [next, actions];
    },
  };
}
