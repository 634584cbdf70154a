// The text of one transition or action in a diagram: `EVENT [guard] / effect(params)`.
import type { AnyStateMachine } from "xstate";
import {
  effectActionNamesOf,
  type ActionRef,
  type TransitionInfo,
} from "../test/support/statecharts/machineDefinition";

export interface DiagramOptions {
  /** Actions left off every label, each with the sentence that says once, in prose, what it does. */
  hiddenActions: Readonly<Record<string, string>>;
  /** The action that closes the connection; transitions doing only that are summarised (statechartCloses.ts). */
  closeAction: string;
  /** The close action's param that names why (its values label a summarised arrow); else its string params. */
  closeSummaryParam?: string;
}

/** What the labels of one machine need to know. */
export interface LabelContext {
  options: DiagramOptions;
  /** Actions with side effects (not `assign`), from the machine's `setup({ actions })`. */
  effects: ReadonlySet<string>;
}

export function labelContextOf(machine: AnyStateMachine, options: DiagramOptions): LabelContext {
  return { options, effects: new Set(effectActionNamesOf(machine)) };
}

/** Mermaid's label and description text ends at a newline and trips over a few characters. */
export function mermaidText(text: string): string {
  return text.replace(/[:;#{}"<>]/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * Static params, compactly: `true` flags by name, `false` ones as `no name`, other values as they are, so
 * `{ isExistUser: true }` reads `isExistUser`, `{ bye: false }` reads `no bye`, `{ code: 1000, reason: "x" }`
 * reads `1000, x`.
 */
export function paramsText(params: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    if (value === true) parts.push(key);
    else if (value === false) parts.push(`no ${key}`);
    else if (typeof value === "object") parts.push(`${key} ${JSON.stringify(value)}`);
    else parts.push(String(value));
  }
  return parts.map(mermaidText).join(", ");
}

export function actionText({ type, params }: ActionRef): string {
  const text = paramsText(params);
  return text ? `${type}(${text})` : type;
}

/**
 * The actions a label shows. Arrows and entry/exit lines show effects only (`assign` actions only update
 * the context); a transition that changes no state shows its context updates too, or it would look like it
 * did nothing. Hidden actions never show.
 */
export function visibleActions(context: LabelContext, actions: ActionRef[], withContextUpdates: boolean): ActionRef[] {
  return actions.filter(
    ({ type }) => !(type in context.options.hiddenActions) && (withContextUpdates || context.effects.has(type)),
  );
}

/** The guard's name; `else` for the branch taken when the guarded ones before it (same source, same event) are not. */
export function guardText(transition: TransitionInfo, siblings: TransitionInfo[]): string {
  if (transition.guard) return transition.guard;
  const guardedBefore = siblings.some(
    (sibling) => sibling.event === transition.event && sibling.branch < transition.branch && sibling.guard,
  );
  return guardedBefore ? "else" : "";
}

/** `EVENT [guard]`. */
export function triggerText(transition: TransitionInfo, siblings: TransitionInfo[]): string {
  const guard = guardText(transition, siblings);
  return guard ? `${transition.event} [${guard}]` : transition.event;
}

/**
 * `EVENT [guard] / effects`. `(ignored)` marks a targetless transition without any action: an event the
 * state deliberately swallows. One whose only actions are hidden shows its trigger alone.
 */
export function transitionText(context: LabelContext, transition: TransitionInfo, siblings: TransitionInfo[]): string {
  const internal = transition.targets.length === 0;
  const actions = visibleActions(context, transition.actions, internal).map(actionText).join(", ");
  const trigger = triggerText(transition, siblings);
  if (actions) return `${trigger} / ${actions}`;
  return internal && transition.actions.length === 0 ? `${trigger} / (ignored)` : trigger;
}
