// The shell's stepper on machines that are not ours (src/stepping/targetlessStep.ts): every shape its derived
// targetless step does not handle — parallel states, eventless and wildcard transitions, dynamic params, emitted
// messages, xstate's own events, a stopped snapshot, a throwing guard — is stepped exactly like xstate's
// `transition()`, so that a machine that grows one of them stays correct. test/node/machineSteps.test.ts checks
// our two machines in every reachable state.

import { describe, expect, it, vi } from "vitest";
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  assign,
  type EventObject,
  emit,
  setup,
  transition,
} from "xstate";
import { pureTransitions } from "../../src/stepping/pureTransition";

type Context = { n: number };
const bump = ({ context }: { context: Context }) => ({ n: context.n + 1 });

/** A machine's own parts as machineSteps.ts hands them over: its updaters and effect names. */
const PARTS = { updates: { bump }, effects: ["note"] };
const base = setup({
  types: { context: {} as Context, events: {} as EventObject },
  actions: { bump: assign(bump), note: (_, _params?: unknown) => {}, tell: emit({ type: "TOLD" }) },
  guards: {
    positive: ({ context }) => context.n > 0,
    boom: () => {
      throw new Error("boom");
    },
  },
});

/** What a step decided, in plain data (as machineSteps.test.ts compares it). */
function outcome(snapshot: AnyMachineSnapshot, actions: ReadonlyArray<{ type: string; params?: unknown }>) {
  return {
    value: snapshot.value,
    context: snapshot.context,
    status: snapshot.status,
    actions: actions.map(({ type, params }) => ({ type, params })),
  };
}

/** Steps `events` from the first snapshot both ways, comparing each step; whether the last took xstate's macrostep. */
function stepBothWays(machine: AnyStateMachine, ...events: EventObject[]): { macrostep: boolean } {
  const steps = pureTransitions(machine, {}, PARTS);
  let [snapshot] = steps.initialTransition({});
  let macrostep = false;
  const macrosteps = vi.spyOn(machine, "transition");
  for (const event of events) {
    const [expected, expectedActions] = transition(machine, snapshot, event);
    const before = macrosteps.mock.calls.length;
    const [actual, actualActions] = steps.transition(snapshot, event);
    macrostep = macrosteps.mock.calls.length > before;
    expect(outcome(actual, actualActions), event.type).toEqual(outcome(expected, expectedActions));
    snapshot = actual;
  }
  macrosteps.mockRestore();
  return { macrostep };
}

describe("the stepper on shapes it leaves to xstate", () => {
  it("steps a targetless transition in one region of a parallel state like xstate", () => {
    const machine = base.createMachine({
      context: { n: 0 },
      type: "parallel",
      states: {
        a: { initial: "x", states: { x: { on: { BUMP: { actions: "bump" } } } } },
        b: { initial: "y", states: { y: { on: { NOTE: { actions: "note" } } } } },
      },
    });
    stepBothWays(machine, { type: "BUMP" }, { type: "NOTE" });
  });

  it("takes an eventless transition that a targetless step enables, like xstate", () => {
    const machine = base.createMachine({
      context: { n: 0 },
      initial: "counting",
      states: {
        counting: {
          always: { guard: ({ context }) => context.n >= 2, target: "done" },
          on: { BUMP: { actions: "bump" } },
        },
        done: {},
      },
    });
    stepBothWays(machine, { type: "BUMP" }, { type: "BUMP" }, { type: "BUMP" });
  });

  it("prefers a wildcard transition of the active state over its parent's own, like xstate", () => {
    const machine = base.createMachine({
      context: { n: 0 },
      initial: "outer",
      states: {
        outer: {
          initial: "inner",
          on: { PING: { actions: "bump" } },
          states: { inner: { on: { "*": { actions: "note" } } } },
        },
      },
    });
    stepBothWays(machine, { type: "PING" });
  });

  it("resolves dynamic params like xstate", () => {
    const machine = base.createMachine({
      context: { n: 3 },
      initial: "s",
      states: {
        s: {
          on: { GO: { actions: { type: "note", params: ({ context }: { context: Context }) => ({ n: context.n }) } } },
        },
      },
    });
    stepBothWays(machine, { type: "GO" });
  });

  it("lists an emitted message like xstate", () => {
    const machine = base.createMachine({
      context: { n: 0 },
      initial: "s",
      states: { s: { on: { GO: { actions: ["note", "tell"] } } } },
    });
    stepBothWays(machine, { type: "GO" });
  });

  it("stops on xstate's stop event, and steps the stopped snapshot, like xstate", () => {
    const machine = base.createMachine({
      context: { n: 0 },
      initial: "s",
      states: { s: { on: { BUMP: { actions: "bump" } } } },
    });
    stepBothWays(machine, { type: "BUMP" }, { type: "xstate.stop" }, { type: "BUMP" });
  });

  it("fails on a throwing guard as xstate does", () => {
    const machine = base.createMachine({
      context: { n: 0 },
      initial: "s",
      states: { s: { on: { GO: { guard: "boom", actions: "note" } } } },
    });
    const steps = pureTransitions(machine, {}, PARTS);
    const [snapshot] = steps.initialTransition({});
    expect(() => transition(machine, snapshot, { type: "GO" })).toThrow("boom");
    expect(() => steps.transition(snapshot, { type: "GO" })).toThrow("boom");
  });
});

describe("the stepper on shapes it derives", () => {
  it("takes a targetless transition with static params and a named guard without xstate's macrostep", () => {
    const machine = base.createMachine({
      context: { n: 1 },
      initial: "s",
      states: {
        s: {
          on: {
            GO: [
              { guard: { type: "positive" }, actions: ["bump", { type: "note", params: { why: "static" } }] },
              { actions: "bump" },
            ],
          },
        },
      },
    });
    expect(stepBothWays(machine, { type: "GO" })).toEqual({ macrostep: false });
  });
});
