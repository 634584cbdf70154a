// Which states and transitions the paths reach: the state nodes of each step, the transitions xstate selects for its
// event (the machines have no eventless transitions; one added would show as not taken).
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject } from "xstate";
import { connectionMachine } from "../../../machines/connection";
import { roomMachine } from "../../../machines/room";
import { defined } from "../defined";
import { connectionPaths } from "./connectionPaths";
import { stateIdsOf, type TransitionInfo, transitionKeyOf, transitionsOf } from "./machineDefinition";
import { roomPaths } from "./roomPaths";

export type PathCoverage = {
  machine: string;
  states: { total: string[]; unreached: string[] };
  transitions: { total: TransitionInfo[]; unreached: TransitionInfo[] };
};

type Steps = ReadonlyArray<{ event?: EventObject; state: AnyMachineSnapshot }>;

export function measurePathCoverage(
  machine: string,
  logic: AnyStateMachine,
  paths: ReadonlyArray<{ steps: Steps }>,
): PathCoverage {
  const reached = new Set<string>();
  const taken = new Set<string>();
  for (const { steps } of paths) {
    steps.forEach(({ event, state }, i) => {
      for (const node of state._nodes as AnyStateNode[]) reached.add(node.id);
      if (event)
        for (const transition of logic.getTransitionData(
          defined(steps[i - 1], "the step before an event").state,
          event,
        ))
          taken.add(transitionKeyOf(transition));
    });
  }
  const [states, transitions] = [stateIdsOf(logic), transitionsOf(logic)];
  return {
    machine,
    states: { total: states, unreached: states.filter((id) => !reached.has(id)) },
    transitions: { total: transitions, unreached: transitions.filter(({ key }) => !taken.has(key)) },
  };
}

/** Every machine with its paths, for the coverage test and `npm run coverage:paths`. */
export const measureMachinePathCoverage = () => [
  measurePathCoverage("connection", connectionMachine, connectionPaths),
  measurePathCoverage("room", roomMachine, roomPaths),
];

/** `source --EVENT#branch [guard]--> target`, with state ids relative to the machine. */
export function transitionLabel({ source, event, branch, guard, targets }: TransitionInfo): string {
  const local = (id: string) => id.split(".").slice(1).join(".") || id;
  return `${local(source)} --${event}#${branch}${guard ? ` [${guard}]` : ""}--> ${targets.map(local).join(", ") || "(no target)"}`;
}

const ratio = ({ total, unreached }: { total: unknown[]; unreached: unknown[] }) =>
  `${total.length - unreached.length}/${total.length} (${Math.floor(((total.length - unreached.length) / (total.length || 1)) * 1000) / 10} %)`;
/** `connection: states 11/11 (100 %), transitions 38/38 (100 %)` per machine, then what it does not reach. */
export const formatCoverageTable = (coverages: PathCoverage[]): string =>
  coverages
    .flatMap(({ machine, states, transitions }) => [
      `${machine}: states ${ratio(states)}, transitions ${ratio(transitions)}`,
      ...states.unreached.map((id) => `  state not reached: ${id}`),
      ...transitions.unreached.map((transition) => `  transition not taken: ${transitionLabel(transition)}`),
    ])
    .join("\n");
