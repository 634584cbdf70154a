// The generated paths must reach every state and take every transition (each guard branch) of every
// machine, measured by replaying them on real actors. A transition added without payloads that reach it
// makes this fail.
import { describe, expect, it } from "vitest";
import { type AnyStateMachine, createMachine } from "xstate";
import { connectionMachine } from "../../machines/connection";
import { roomMachine } from "../../machines/room";
import { defined } from "../support/defined";
import { connectionPayloads, connectionVariants } from "../support/statecharts/connectionPaths";
import {
  formatCoverageTable,
  measureMachinePathCoverage,
  measurePathCoverage,
  transitionLabel,
} from "../support/statecharts/pathCoverage";
import { generatePaths } from "../support/statecharts/pathModel";
import { roomPayloads, roomVariants } from "../support/statecharts/roomPaths";

/** A copy of plain objects and arrays; functions (the context factory) are kept as they are. */
function copyConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyConfig) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, copyConfig(child)])) as T;
  }
  return value;
}

/** The machine with one more transition in `states.<state>.on.<event>`, implementations kept. */
function withExtraTransition(
  machine: AnyStateMachine,
  state: string,
  event: string,
  transition: object,
): AnyStateMachine {
  const config = copyConfig(machine.config) as { states: Record<string, { on?: Record<string, unknown> }> };
  const node = defined(config.states[state], `the state ${state}`);
  const on = node.on ?? {};
  const existing = on[event];
  on[event] = existing === undefined ? transition : [...(Array.isArray(existing) ? existing : [existing]), transition];
  node.on = on;
  return createMachine(config as never, machine.implementations as never);
}

describe("path coverage", () => {
  const coverages = measureMachinePathCoverage();

  it.each(coverages.map((coverage) => [coverage.machine, coverage] as const))(
    "the %s paths reach every state and take every transition",
    (_, coverage) => {
      const table = formatCoverageTable([coverage]);
      expect(coverage.states.unreached, table).toEqual([]);
      expect(coverage.transitions.unreached.map(transitionLabel), table).toEqual([]);
      expect(coverage.transitions.total.length).toBeGreaterThan(0);
    },
  );

  it("counts a guard branch that no payload takes as not covered", () => {
    // In `empty` nobody is an occupant, so this branch can never be taken.
    const extended = withExtraTransition(roomMachine, "empty", "LEAVE", { guard: "isOccupant", target: "waiting" });
    const paths = generatePaths({
      machine: extended,
      variants: roomVariants,
      payloads: roomPayloads,
      abstractState: (snapshot) => ({ value: snapshot.value, occupants: snapshot.context.occupants }),
    });
    const coverage = measurePathCoverage("room", extended, paths);
    expect(coverage.transitions.unreached.map(transitionLabel)).toEqual(["empty --LEAVE#0 [isOccupant]--> waiting"]);
  });

  it("refuses to generate paths when an event type the machine accepts has no payload", () => {
    const extended = withExtraTransition(connectionMachine, "tearingDown", "KICKED", { target: "closed" });
    expect(() =>
      generatePaths({
        machine: extended,
        variants: connectionVariants,
        payloads: connectionPayloads,
        abstractState: (snapshot) => snapshot.value,
      }),
    ).toThrow(/no payload for KICKED/);
  });
});
