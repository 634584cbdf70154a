// Which states and transitions of a machine a set of paths reaches: every path is replayed on a real actor and
// xstate's inspection reports the transitions each microstep took (eventless ones too).
import { createActor, type AnyStateMachine, type AnyStateNode, type EventObject } from "xstate";
import { connectionMachine } from "../../../machines/connection";
import { roomMachine } from "../../../machines/room";
import { connectionPaths } from "./connectionPaths";
import { stateIdsOf, transitionKeyOf, transitionsOf, type TransitionInfo } from "./machineDefinition";
import { roomPaths } from "./roomPaths";

export interface PathCoverage {
  machine: string;
  states: { total: string[]; unreached: string[] };
  transitions: { total: TransitionInfo[]; unreached: TransitionInfo[] };
}

type Replayable = { input: unknown; steps: ReadonlyArray<{ event?: EventObject }> };

export function measurePathCoverage(name: string, machine: AnyStateMachine, paths: readonly Replayable[]): PathCoverage {
  const states = new Set<string>();
  const taken = new Set<string>();
  for (const { input, steps } of paths) {
    const actor = createActor(machine, {
      input,
      inspect: (inspection) => inspection.type === "@xstate.microstep" && inspection._transitions.forEach((t) => taken.add(transitionKeyOf(t))),
    });
    for (const { event } of steps) {
      if (event) actor.send(event);
      else actor.start();
      for (const node of actor.getSnapshot()._nodes as AnyStateNode[]) states.add(node.id);
    }
    actor.stop();
  }
  const stateIds = stateIdsOf(machine);
  const transitions = transitionsOf(machine);
  return {
    machine: name,
    states: { total: stateIds, unreached: stateIds.filter((id) => !states.has(id)) },
    transitions: { total: transitions, unreached: transitions.filter(({ key }) => !taken.has(key)) },
  };
}

/** Every machine with its generated paths, for the coverage test and `npm run coverage:paths`. */
export function measureMachinePathCoverage(): PathCoverage[] {
  return [measurePathCoverage("connection", connectionMachine, connectionPaths), measurePathCoverage("room", roomMachine, roomPaths)];
}

/** `source --EVENT#branch [guard]--> target`, with state ids relative to the machine. */
export function transitionLabel({ source, event, branch, guard, targets }: TransitionInfo): string {
  const local = (id: string) => id.split(".").slice(1).join(".") || id;
  return `${local(source)} --${event}#${branch}${guard ? ` [${guard}]` : ""}--> ${targets.map(local).join(", ") || "(no target)"}`;
}

function ratio({ total, unreached }: { total: unknown[]; unreached: unknown[] }): string {
  const reached = total.length - unreached.length;
  return `${reached}/${total.length} (${total.length === 0 ? 100 : Math.floor((reached / total.length) * 1000) / 10} %)`;
}

/** One row per machine (states and transitions reached), then everything not reached. */
export function formatCoverageTable(coverages: PathCoverage[]): string {
  const rows = [["machine", "states reached", "transitions reached"], ...coverages.map((c) => [c.machine, ratio(c.states), ratio(c.transitions)])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return [
    ...rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()),
    ...coverages.flatMap(({ machine, states, transitions }) => [
      ...states.unreached.map((id) => `  ${machine}: state not reached: ${id}`),
      ...transitions.unreached.map((transition) => `  ${machine}: transition not taken: ${transitionLabel(transition)}`),
    ]),
  ].join("\n");
}
