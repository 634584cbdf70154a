// Measures which states and transitions of a machine a set of paths reaches: every path is replayed on a
// real actor and xstate's inspection reports the transitions each microstep took (eventless ones too).
import { createActor, type AnyStateMachine, type AnyStateNode, type EventObject, type InspectionEvent } from "xstate";
import { stateIdsOf, transitionKeyOf, transitionsOf, type TransitionInfo } from "./machineDefinition";
import { INIT_EVENT_TYPE } from "./pathModel";

/** What replaying a path needs: the machine input and the events in order. */
export interface ReplayablePath {
  input: unknown;
  steps: ReadonlyArray<{ event: EventObject }>;
}

export interface PathCoverage {
  machine: string;
  states: { total: string[]; unreached: string[] };
  transitions: { total: TransitionInfo[]; unreached: TransitionInfo[] };
}

export function measurePathCoverage(name: string, machine: AnyStateMachine, paths: readonly ReplayablePath[]): PathCoverage {
  const reachedStates = new Set<string>();
  const takenTransitions = new Set<string>();
  const inspect = (inspection: InspectionEvent) => {
    if (inspection.type !== "@xstate.microstep") return;
    for (const transition of inspection._transitions) takenTransitions.add(transitionKeyOf(transition));
  };
  for (const path of paths) {
    const actor = createActor(machine, { input: path.input, inspect });
    for (const step of path.steps) {
      if (step.event.type === INIT_EVENT_TYPE) actor.start();
      else actor.send(step.event);
      for (const node of actor.getSnapshot()._nodes as AnyStateNode[]) reachedStates.add(node.id);
    }
    actor.stop();
  }
  const stateIds = stateIdsOf(machine);
  const transitions = transitionsOf(machine);
  return {
    machine: name,
    states: { total: stateIds, unreached: stateIds.filter((id) => !reachedStates.has(id)) },
    transitions: { total: transitions, unreached: transitions.filter(({ key }) => !takenTransitions.has(key)) },
  };
}

function ratio(total: number, unreached: number): string {
  const reached = total - unreached;
  const percent = total === 0 ? 100 : Math.floor((reached / total) * 1000) / 10;
  return `${reached}/${total} (${percent} %)`;
}

/** `source --EVENT#branch [guard]--> target`, with state ids relative to the machine. */
export function transitionLabel(transition: TransitionInfo): string {
  const local = (id: string) => id.split(".").slice(1).join(".") || id;
  const targets = transition.targets.length ? transition.targets.map(local).join(", ") : "(no target)";
  const guard = transition.guard ? ` [${transition.guard}]` : "";
  return `${local(transition.source)} --${transition.event}#${transition.branch}${guard}--> ${targets}`;
}

export function formatCoverageTable(coverages: PathCoverage[]): string {
  const rows = [
    ["machine", "states reached", "transitions reached"],
    ...coverages.map(({ machine, states, transitions }) => [
      machine,
      ratio(states.total.length, states.unreached.length),
      ratio(transitions.total.length, transitions.unreached.length),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd());
  for (const { machine, states, transitions } of coverages) {
    for (const id of states.unreached) lines.push(`  ${machine}: state not reached: ${id}`);
    for (const transition of transitions.unreached) {
      lines.push(`  ${machine}: transition not taken: ${transitionLabel(transition)}`);
    }
  }
  return lines.join("\n");
}
