// Runs a generated path against the pure machine in a real xstate actor whose effect actions are
// recorded instead of performed, and applies a check to every state node the actor is in after each step.
import { createActor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from "xstate";
import { expect } from "vitest";
import { acceptedEventTypesOf, effectActionNamesOf } from "./machineDefinition";
import { INIT_EVENT_TYPE, type MachinePath } from "./pathModel";

export interface RecordedEffect {
  type: string;
  params?: unknown;
  /** The event being processed when the effect ran. */
  event: EventObject;
}

export interface PureRun<TSnapshot extends AnyMachineSnapshot> {
  snapshot: TSnapshot;
  effects: RecordedEffect[];
}

/** A check per state node id (`connection.active.waiting`); every node of the machine needs one. */
export type StateChecks<TSnapshot extends AnyMachineSnapshot> = Record<string, (run: PureRun<TSnapshot>) => void>;

export function recordingActor(machine: AnyStateMachine, input: unknown): { actor: AnyActorRef; effects: RecordedEffect[] } {
  const effects: RecordedEffect[] = [];
  const recorders = Object.fromEntries(
    effectActionNamesOf(machine).map((type) => [
      type,
      ({ event }: { event: EventObject }, params: unknown) =>
        effects.push(params === undefined ? { type, event } : { type, params, event }),
    ]),
  );
  return { actor: createActor(machine.provide({ actions: recorders }), { input }), effects };
}

export async function runPathOnPureMachine<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject, TInput>(
  machine: AnyStateMachine,
  path: MachinePath<TSnapshot, TEvent, TInput>,
  checks: StateChecks<TSnapshot>,
): Promise<void> {
  const { actor, effects } = recordingActor(machine, path.input);
  const send = (step: { event: EventObject }) => actor.send(step.event);
  const events = {
    [INIT_EVENT_TYPE]: () => void actor.start(),
    ...Object.fromEntries(acceptedEventTypesOf(machine).map((type) => [type, send])),
  };
  const states = Object.fromEntries(
    Object.entries(checks).map(([id, check]) => [
      `#${id}`,
      (expected: TSnapshot) => {
        const snapshot = actor.getSnapshot() as TSnapshot;
        expect(snapshot.value, "the actor is where the model says").toEqual(expected.value);
        check({ snapshot, effects });
      },
    ]),
  );
  try {
    await path.testPath.test({ events, states });
  } finally {
    actor.stop();
  }
}

export function effectTypes(effects: RecordedEffect[]): string[] {
  return effects.map(({ type }) => type);
}

export function countEffects(effects: RecordedEffect[], type: string): number {
  return effects.filter((effect) => effect.type === type).length;
}
