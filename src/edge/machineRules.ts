// The room's own rules for a socket that has not registered yet, asked of the connection machine itself, so
// that the Worker's register router (registerRouter.ts) closes exactly as the Durable Object would in
// `awaitingRegister`. Only a few frames per socket come here, so xstate's own pure `transition()` serves.
import { initialTransition, transition } from "xstate";
import { connectionMachine } from "../../machines/connection";
import type { CloseParams, ConnectionEvent, ConnectionInput } from "../../machines/connection.types";

const INPUT: ConnectionInput = {
  connectionId: "edge",
  roomId: "edge",
  now: 0,
  settings: {
    authnEnabled: false,
    turnEnabled: false,
    typeMessage: false,
    pingIntervalMs: 1,
    pongTimeoutMs: 1,
    readTimeoutMs: 1,
    registerTimeoutMs: 1,
    closeTimeoutMs: 1,
  },
};

/** The close the machine orders for `event` in its initial state (`awaitingRegister`), if any. */
export function closeBeforeRegister(event: ConnectionEvent): CloseParams | undefined {
  const [initial] = initialTransition(connectionMachine, INPUT);
  const [, actions] = transition(connectionMachine, initial, event);
  const close = actions.find((action) => action.type === "closeSocket");
  return close?.params as CloseParams | undefined;
}

/** The close for a socket that sent no `register` in time: the machine's REGISTER_TIMEOUT rule. */
export function closeForRegisterTimeout(at: number): CloseParams {
  const close = closeBeforeRegister({ type: "REGISTER_TIMEOUT", at });
  if (!close) throw new Error("the connection machine has no REGISTER_TIMEOUT rule in awaitingRegister");
  return close;
}
