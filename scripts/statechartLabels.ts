// The text of one transition or action in a diagram: `EVENT [guard] / effect(params)`.
import type { AnyStateMachine } from "xstate";
import {
  type ActionRef,
  effectActionNamesOf,
  type TransitionInfo,
} from "../test/support/statecharts/machineDefinition";

export interface DiagramOptions {
  /** The action that closes the connection; transitions doing only that are summarised (statechartCloses.ts). */
  closeAction: string;
  /**
   * The close action's params that only say how the end is recorded (the log's outcome): listed in the close
   * table under the diagram, left off arrows, where the close code and reason already say what happens.
   */
  closeTableOnlyParams?: readonly string[];
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

/**
 * Mermaid's label and description text ends at a newline and trips over a few characters (`;` ends a
 * statement, `#` starts an entity, `{}` a block, `"` a name, `<>` markup); those become spaces. A colon is
 * safe after the one that starts a label, so reasons such as `protocol error: malformed frame` keep theirs.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/[;#{}"<>]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
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

/** `effect(params)`, without the close action's table-only params. */
export function actionText(context: LabelContext, { type, params }: ActionRef): string {
  const { closeAction, closeTableOnlyParams = [] } = context.options;
  const shown =
    type === closeAction && params
      ? Object.fromEntries(Object.entries(params).filter(([key]) => !closeTableOnlyParams.includes(key)))
      : params;
  const text = paramsText(shown);
  return text ? `${type}(${text})` : type;
}

/**
 * The actions a label shows. Arrows and entry/exit lines show effects only (`assign` actions only update
 * the context, and where a state goes says more); a transition that changes no state shows its context
 * updates too, since they are all it does besides its effects (`PONG / refreshReadDeadline`).
 */
export function visibleActions(context: LabelContext, actions: ActionRef[], withContextUpdates: boolean): ActionRef[] {
  return withContextUpdates ? actions : actions.filter(({ type }) => context.effects.has(type));
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
 * `EVENT [guard] / actions`. `(ignored)` marks a targetless transition without any action: an event the
 * state deliberately swallows.
 */
export function transitionText(context: LabelContext, transition: TransitionInfo, siblings: TransitionInfo[]): string {
  const internal = transition.targets.length === 0;
  const actions = visibleActions(context, transition.actions, internal)
    .map((action) => actionText(context, action))
    .join(", ");
  const trigger = triggerText(transition, siblings);
  if (actions) return `${trigger} / ${actions}`;
  return internal && transition.actions.length === 0 ? `${trigger} / (ignored)` : trigger;
}
