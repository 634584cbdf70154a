// The connection machine's effect actions, by name: the only place where a machine's decision touches a
// socket, a webhook or the log. Each effect does what its name says with what the machine hands it (its
// context, the event, the action's params) and decides nothing about the protocol.
import type { CloseParams, ConnectionContext, ConnectionEvent, LifecycleLine } from "../../machines/connection.types";
import type { Config } from "../config";
import { log } from "../log";
import { acceptFrame, BYE_FRAME, PING_FRAME, rejectFrame } from "../protocol/serverFrames";
import { authnRequestBody, callAuthnWebhook, type AuthnOutcome } from "../webhooks/authn";
import { callDisconnectWebhook } from "../webhooks/disconnect";
import type { Connection, ConnectionRegistry } from "./connectionRegistry";
import { safeClose, safeSend } from "./sockets";

export interface EffectArgs {
  /** The connection whose machine asked; undefined once it is no longer tracked. */
  self: Connection | undefined;
  context: ConnectionContext;
  event: ConnectionEvent;
  // Each effect reads the params its action declares in machines/connection.ts.
  params: never;
}

export interface EffectDeps {
  config: Config;
  registry: ConnectionRegistry;
  waitUntil(promise: Promise<unknown>): void;
  /** Feeds a webhook's answer back to the connection's machine. */
  answer(connectionId: string, outcome: AuthnOutcome): void;
}

type Effect<P = undefined> = (args: Omit<EffectArgs, "params"> & { params: P }) => void;

const ids = (context: ConnectionContext) => ({ roomId: context.roomId, connectionId: context.connectionId });

export function connectionEffects({ config, registry, waitUntil, answer }: EffectDeps) {
  const send = (self: Connection | undefined, frame: string) => self && safeSend(self.ws, frame);
  return {
    callAuthnWebhook: (({ self, context, event }) => {
      if (!config.authnWebhookUrl || event.type !== "REGISTER") return;
      const body = authnRequestBody(context, event.registration);
      const call = callAuthnWebhook(config.authnWebhookUrl, body, self?.headers ?? [], config.webhookTimeoutMs);
      waitUntil(call.then((outcome) => answer(context.connectionId, outcome)));
    }) satisfies Effect,
    sendAccept: (({ self, context, event }) => {
      const isExistUser = event.type === "SLOT_GRANTED" && event.isExistUser;
      send(self, acceptFrame(context.connectionId, isExistUser, context.grant));
      log("info", "connection.accepted", { ...ids(context), clientId: context.clientId, isExistUser, standalone: context.standalone });
    }) satisfies Effect,
    sendReject: (({ self, context, event, params }) => {
      const reason = params.reason ?? (event.type === "AUTHN_DENIED" ? event.reason : "InternalServerError");
      send(self, rejectFrame(reason));
      const problem = event.type === "AUTHN_FAILED" ? event.problem : undefined;
      log("info", "connection.rejected", { ...ids(context), reason, problem });
    }) satisfies Effect<{ reason?: string }>,
    sendPing: (({ self }) => send(self, PING_FRAME)) satisfies Effect,
    sendBye: (({ self }) => send(self, BYE_FRAME)) satisfies Effect,
    relayToPeer: (({ context, event }) => {
      const peer = context.peerId === null ? undefined : registry.get(context.peerId);
      if (peer && event.type === "RELAY") safeSend(peer.ws, event.raw);
    }) satisfies Effect,
    closeSocket: (({ self, context, event, params }) => {
      log(params.log, "connection.closing", {
        ...ids(context),
        code: params.code,
        reason: params.reason,
        frameType: event.type === "UNEXPECTED_FRAME" ? event.frameType : undefined,
        problem: "problem" in event ? event.problem : undefined,
        bytes: event.type === "OVERSIZED_FRAME" ? event.bytes : undefined,
      });
      if (self) safeClose(self.ws, params.code, params.reason);
    }) satisfies Effect<CloseParams>,
    callDisconnectWebhook: (({ self, context, event, params }) => {
      const closed = event.type === "SOCKET_CLOSED" ? { code: event.code, reason: event.reason } : {};
      log("info", "connection.closed", { ...ids(context), clientId: context.clientId, ...closed, by: params.closedBy });
      if (!config.disconnectWebhookUrl) return;
      const body = { roomId: context.roomId, clientId: context.clientId, connectionId: context.connectionId };
      waitUntil(callDisconnectWebhook(config.disconnectWebhookUrl, body, self?.headers ?? [], config.webhookTimeoutMs));
    }) satisfies Effect<{ closedBy: "client" | "server" }>,
    logLifecycle: (({ context, params }) => {
      const registered = params.line === "connection.registered" ? { clientId: context.clientId, standalone: context.standalone } : {};
      log("info", params.line, { ...ids(context), ...registered });
    }) satisfies Effect<{ line: LifecycleLine }>,
  };
}

export type ConnectionEffects = ReturnType<typeof connectionEffects>;
