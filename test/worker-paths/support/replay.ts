// Replays a generated path against the real Durable Object: every step's event is performed for real by an
// executor (looked up by event type), then every state node the machine is in afterwards is checked from
// outside by a check (looked up by state id). What the machine expects comes from running the same events
// through the pure machine with recorded effects, so the checks can compare reality with the machine's effects.
import { evictDurableObject } from "cloudflare:test";
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject } from "xstate";
import { acceptedEventTypesOf, stateIdsOf } from "../../support/statecharts/machineDefinition";
import { INIT_EVENT_TYPE } from "../../support/statecharts/pathModel";
import { recordingActor, type RecordedEffect } from "../../support/statecharts/pureMachineRun";
import { within } from "./clients";

export type InitEvent = { type: typeof INIT_EVENT_TYPE };

export interface ReplayStep<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject> {
  index: number;
  label: string;
  event: TEvent | InitEvent;
  /** Where the machine was when the event came; undefined for the start. */
  before: TSnapshot | undefined;
  /** Where the machine is after the event. */
  expected: TSnapshot;
  /** Effects the machine ran from the start up to and including this step. */
  effects: RecordedEffect[];
  /** Effects of this step alone. */
  stepEffects: RecordedEffect[];
}

/** The steps of a path as the pure machine runs them: expected snapshots and recorded effects per step. */
export function modelSteps<TSnapshot extends AnyMachineSnapshot, TEvent extends EventObject>(
  machine: AnyStateMachine,
  input: unknown,
  moves: ReadonlyArray<{ label: string; event: TEvent | InitEvent }>,
): Array<ReplayStep<TSnapshot, TEvent>> {
  const { actor, effects } = recordingActor(machine, input);
  let before: TSnapshot | undefined;
  try {
    return moves.map(({ label, event }, index) => {
      const from = effects.length;
      if (event.type === INIT_EVENT_TYPE) actor.start();
      else actor.send(event);
      const expected = actor.getSnapshot() as TSnapshot;
      const step = { index, label, event, before, expected, effects: effects.slice(), stepEffects: effects.slice(from) };
      before = expected;
      return step;
    });
  } finally {
    actor.stop();
  }
}

export type AnyReplayStep = ReplayStep<AnyMachineSnapshot, EventObject>;

export interface ReplayWorld<TStep extends AnyReplayStep> {
  /** The room's object, for alarms and evictions. */
  stub: DurableObjectStub;
  steps: TStep[];
}

export interface Executor<TWorld, TStep> {
  /** Runs for every step, in order, before the path starts: arrangements that must precede earlier steps. */
  prepare?(world: TWorld, step: TStep): Promise<void>;
  /** Makes the event happen for real. */
  perform(world: TWorld, step: TStep): Promise<void>;
}

/** Asserts from outside what must hold in one state node (all nodes the machine is in are checked). */
export type Check<TWorld, TStep> = (world: TWorld, step: TStep) => Promise<void>;

export interface ReplayTables<TWorld, TStep> {
  machine: AnyStateMachine;
  /** One executor per event type the machine accepts, plus `xstate.init` (the socket or room comes to be). */
  executors: Record<string, Executor<TWorld, TStep>>;
  /** One check per state id of the machine. */
  checks: Record<string, Check<TWorld, TStep>>;
}

/** The event types an executor table must cover: those the machine accepts, and the start. */
export function requiredExecutorKeys(machine: AnyStateMachine): string[] {
  return [INIT_EVENT_TYPE, ...acceptedEventTypesOf(machine)].sort();
}

export function requiredCheckKeys(machine: AnyStateMachine): string[] {
  return stateIdsOf(machine).sort();
}

function stateIdsIn(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): string[] {
  const ids = new Set(stateIdsOf(machine));
  return (snapshot._nodes as AnyStateNode[]).map((node) => node.id).filter((id) => ids.has(id));
}

export interface EvictionPlan<TWorld, TStep> {
  /** Why the object cannot be evicted after `step` (the runtime keeps it), or undefined when it can. */
  impossibleAfter(world: TWorld, step: TStep): string | undefined;
}

/** Evicts the object with its WebSockets hibernated; an object that nothing woke since is out of memory already. */
export async function evict(stub: DurableObjectStub): Promise<void> {
  try {
    // evictDurableObject waits (up to 30 s) while something keeps the object in memory; fail sooner, and say so.
    const what = "the eviction (pending I/O, a timer or a closing socket keeps the object)";
    await within(evictDurableObject(stub, { webSockets: "hibernate" }), what, 10_000);
  } catch (error) {
    if (!/not currently running/.test(String(error))) throw error;
  }
}

function withContext(error: unknown, context: string): unknown {
  if (error instanceof Error) error.message = `${context}: ${error.message}`;
  return error;
}

/** Performs and checks every step; with `eviction`, the object is evicted between every two steps. */
export async function replay<TStep extends AnyReplayStep, TWorld extends ReplayWorld<TStep>>(
  world: TWorld,
  tables: ReplayTables<TWorld, TStep>,
  eviction?: EvictionPlan<TWorld, TStep>,
): Promise<void> {
  const steps = world.steps;
  const executorFor = (step: TStep) => {
    const executor = tables.executors[step.event.type];
    if (!executor) throw new Error(`no executor for ${step.event.type}`);
    return executor;
  };
  for (const step of steps) await executorFor(step).prepare?.(world, step);
  for (const step of steps) {
    const previous = steps[step.index - 1];
    if (eviction && previous && eviction.impossibleAfter(world, previous) === undefined) await evict(world.stub);
    const where = `step ${step.index} (${step.label})`;
    try {
      await executorFor(step).perform(world, step);
    } catch (error) {
      throw withContext(error, `performing ${where}`);
    }
    for (const id of stateIdsIn(tables.machine, step.expected)) {
      const check = tables.checks[id];
      if (!check) throw new Error(`no check for state ${id}`);
      try {
        await check(world, step);
      } catch (error) {
        throw withContext(error, `after ${where}, checking ${id}`);
      }
    }
  }
}
