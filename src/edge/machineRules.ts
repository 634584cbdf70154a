// The room's own rules for a socket that has not registered yet, asked of the connection machine itself, so
// that the Worker's register router (registerRouter.ts) closes exactly as the Durable Object would in
// `awaitingRegister`. This is the one place that knows where the machine and its stepping helper live.
import { connectionMachine } from "../../machines/connection";
import type { CloseParams, ConnectionEvent, ConnectionInput } from "../../machines/connection.types";
import { pureTransitions, type PureTransitions } from "../room/pureTransition";

const INPUT: ConnectionInput = {
  connectionId: "edge",
  roomId: "edge",
  now: 0,
  settings: { authnEnabled: false, typeMessage: false, pingIntervalMs: 1, pongTimeoutMs: 1, readTimeoutMs: 1 },
};

let steps: PureTransitions<typeof connectionMachine> | undefined;

/** The close the machine orders for `event` in its initial state (`awaitingRegister`), if any. */
export function closeBeforeRegister(event: ConnectionEvent): CloseParams | undefined {
  steps ??= pureTransitions(connectionMachine, INPUT);
  const [initial] = steps.initialTransition(INPUT);
  const [, actions] = steps.transition(initial, event);
  const close = actions.find((action) => action.type === "closeSocket");
  return close?.params as CloseParams | undefined;
}

/**
 * The close for a socket that sent no `register` in time: the machine's REGISTER_TIMEOUT rule once it has
 * one, until then its READ_TIMEOUT rule (the same close code) under the name of the deadline that passed.
 */
export function closeForRegisterTimeout(at: number): CloseParams {
  const registerTimeout = closeBeforeRegister({ type: "REGISTER_TIMEOUT", at } as unknown as ConnectionEvent);
  if (registerTimeout) return registerTimeout;
  const readTimeout = closeBeforeRegister({ type: "READ_TIMEOUT", at });
  return { code: readTimeout?.code ?? 1000, reason: "register timeout" };
}
