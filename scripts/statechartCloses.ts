// Transitions that only close the connection. Many of them run from one state to the same target (every
// protocol error, every timeout), and one label line each, with its code and reason, made a column nobody
// reads. An arrow shows them as one line naming their events, `A, B or C / closeSocket`; the table under the
// diagram lists each with its params (code, reason, outcome).
import type { AnyStateMachine } from "xstate";
import {
  type ActionRef,
  ownTransitionsOf,
  stateNodesOf,
  type TransitionInfo,
} from "../test/support/statecharts/machineDefinition";
import { actionText, guardText, type LabelContext, triggerText, visibleActions } from "./statechartLabels";

/** The close action with its static params among a transition's visible actions, if it has one. */
function staticCloseOf(context: LabelContext, transition: TransitionInfo): ActionRef | undefined {
  if (!transition.targets.length) return undefined;
  return visibleActions(context, transition.actions, false).find(
    (action) => action.type === context.options.closeAction && action.params !== undefined,
  );
}

/** Closes the connection and has no other visible effect. */
export function isCloseOnly(context: LabelContext, transition: TransitionInfo): boolean {
  const close = staticCloseOf(context, transition);
  return close !== undefined && visibleActions(context, transition.actions, false).length === 1;
}

/** `a, b or c`. */
function listText(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/**
 * One label line for close-only transitions sharing a source and a target, named by what triggers them
 * (`REGISTER [roomIdDiffers] or REGISTER_TIMEOUT / closeSocket`): the arrow says which events lead along it,
 * the close table which code, reason and outcome each gives.
 */
export function closeSummaryText(
  context: LabelContext,
  transitions: TransitionInfo[],
  siblings: TransitionInfo[],
): string {
  const triggers = [...new Set(transitions.map((transition) => triggerText(transition, siblings)))];
  return `${listText(triggers)} / ${context.options.closeAction}`;
}

interface CloseRow {
  source: string;
  target: string;
  event: string;
  guard: string;
  params: Record<string, unknown>;
  others: string;
}

function closeRowsOf(context: LabelContext, machine: AnyStateMachine, nameOf: (id: string) => string): CloseRow[] {
  const rows: CloseRow[] = [];
  for (const node of [machine.root, ...stateNodesOf(machine)]) {
    const transitions = ownTransitionsOf(node);
    for (const transition of transitions) {
      const close = staticCloseOf(context, transition);
      if (!close) continue;
      const others = visibleActions(context, transition.actions, false).filter((action) => action !== close);
      for (const target of transition.targets) {
        rows.push({
          source: nameOf(transition.source),
          target: nameOf(target),
          event: transition.event,
          guard: guardText(transition, transitions),
          params: close.params ?? {},
          others: others.map((action) => actionText(context, action)).join(", "),
        });
      }
    }
  }
  return rows;
}

const cell = (value: unknown) => (value === undefined ? "" : String(value).replace(/\|/g, "\\|"));

/**
 * Every transition that closes the connection with static params: arrow, event, guard, the params (one
 * column per key: close code and reason), and any other effect it has. Empty when there is none.
 */
export function closeTableMarkdown(
  context: LabelContext,
  machine: AnyStateMachine,
  nameOf: (id: string) => string,
): string {
  const rows = closeRowsOf(context, machine, nameOf);
  if (!rows.length) return "";
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row.params)))];
  const header = ["arrow", "event", "guard", ...keys, "other effects"];
  const code = (text: string) => (text ? `\`${text}\`` : "");
  const lines = rows.map((row) => {
    const params = keys.map((key) => cell(row.params[key]));
    const arrow = `${code(row.source)} → ${code(row.target)}`;
    return `| ${[arrow, code(row.event), code(row.guard), ...params, code(row.others)].join(" | ")} |`;
  });
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...lines, ""].join("\n");
}
