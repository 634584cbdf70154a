// The connection machine's effect actions, by name: the only place where a machine's decision touches a
// socket, a webhook, the log or the metrics dataset. Each effect does what its name says with what the machine hands it (its
// context, the event, the action's params) and decides nothing about the protocol.
import type { ConnectionEffectName, ConnectionEffectParams } from "../../machines/connection";
import { type ConnectionContext, type ConnectionEvent, PROBLEM_OUTCOMES } from "../../machines/connection.types";
import type { Config } from "../config";
import { log } from "../log";
import { acceptFrame, BYE_FRAME, PING_FRAME, rejectFrame } from "../protocol/serverFrames";
import { type AuthnOutcome, authnRequestBody, callAuthnWebhook } from "../webhooks/authn";
import { callDisconnectWebhook } from "../webhooks/disconnect";
import { fetchTurnIceServers } from "../webhooks/turn";
import { connectionDataPoint, type MetricsTarget } from "./connectionMetrics";
import type { Connection, ConnectionRegistry } from "./connectionRegistry";
import { connectionFacts, summaryLine } from "./connectionStats";
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
  /** Feeds an answer (a webhook's, the TURN API's) back to the connection's machine. */
  deliver(connectionId: string, event: ConnectionEvent): void;
  now(): number;
  /** The optional Analytics Engine binding (wrangler.toml) and the version written with each data point. */
  metrics: MetricsTarget;
}

/** One function per effect the connection machine names, with that effect's params: a renamed, missing or
 * extra effect does not compile. */
export type ConnectionEffects = {
  [K in ConnectionEffectName]: (args: Omit<EffectArgs, "params"> & { params: ConnectionEffectParams[K] }) => void;
};

function countRelayed(side: { frames: number; bytes: number }, raw: string): void {
  side.frames += 1;
  side.bytes += raw.length;
}

const ids = (context: ConnectionContext) => ({ roomId: context.roomId, connectionId: context.connectionId });

export function connectionEffects({ config, registry, waitUntil, deliver, now, metrics }: EffectDeps) {
  const send = (self: Connection | undefined, frame: string) => self && safeSend(self.ws, frame);
  const effects: ConnectionEffects = {
    callAuthnWebhook: ({ self, context, event }) => {
      if (!config.authnWebhookUrl || event.type !== "REGISTER") return;
      const body = authnRequestBody(context, event.registration);
      const started = Date.now();
      const call = callAuthnWebhook(config.authnWebhookUrl, body, self?.headers ?? [], config.webhookTimeoutMs);
      waitUntil(
        call.then((outcome) => {
          const problem = outcome.kind === "failed" ? outcome.problem : undefined;
          if (self) self.stats.authn = { outcome: outcome.kind, durationMs: Date.now() - started, problem };
          deliver(context.connectionId, authnEvent(outcome, now()));
        }),
      );
    },
    requestTurnCredentials: ({ self, context }) => {
      if (!config.turn) return;
      const started = Date.now();
      const call = fetchTurnIceServers(config.turn, config.webhookTimeoutMs, ids(context));
      waitUntil(
        call.then((result) => {
          const problem = result.kind === "failed" ? result.problem : undefined;
          if (self) self.stats.turn = { outcome: result.kind, durationMs: Date.now() - started, problem };
          const at = now();
          const event: ConnectionEvent =
            result.kind === "ok"
              ? { type: "TURN_ISSUED", at, iceServers: result.iceServers }
              : { type: "TURN_FAILED", at, problem: result.problem };
          deliver(context.connectionId, event);
        }),
      );
    },
    sendAccept: ({ self, context, event }) => {
      const isExistUser = event.type === "SLOT_GRANTED" && event.isExistUser;
      send(self, acceptFrame(context.connectionId, isExistUser, context.grant));
      if (self) self.stats.isExistUser = isExistUser;
    },
    sendReject: ({ self, event, params }) => {
      const reason = params.reason ?? (event.type === "AUTHN_DENIED" ? event.reason : "InternalServerError");
      send(self, rejectFrame(reason));
      if (self) self.stats.rejectReason = reason;
    },
    sendPing: ({ self }) => {
      send(self, PING_FRAME);
      if (self) self.stats.pings += 1;
    },
    sendBye: ({ self }) => send(self, BYE_FRAME),
    relayToPeer: ({ self, context, event }) => {
      const peer = context.peerId === null ? undefined : registry.get(context.peerId);
      if (!peer || event.type !== "RELAY") return;
      safeSend(peer.ws, event.raw);
      if (self) countRelayed(self.stats.sent, event.raw);
      countRelayed(peer.stats.received, event.raw);
    },
    closeSocket: ({ self, context, event, params }) => {
      const problem = "problem" in event ? event.problem : undefined;
      if (PROBLEM_OUTCOMES.has(params.outcome)) {
        log("warn", "connection.problem", {
          ...ids(context),
          outcome: params.outcome,
          code: params.code,
          reason: params.reason,
          frameType: event.type === "UNEXPECTED_FRAME" ? event.frameType : undefined,
          problem,
          bytes: event.type === "OVERSIZED_FRAME" ? event.bytes : undefined,
        });
      }
      if (!self) return;
      self.stats.close = { code: params.code, reason: params.reason, by: "server", outcome: params.outcome };
      self.stats.problem ??= problem;
      safeClose(self.ws, params.code, params.reason);
    },
    callDisconnectWebhook: ({ self, context, event, params }) => {
      if (self && params.closedBy === "client" && event.type === "SOCKET_CLOSED") {
        self.stats.close = { code: event.code, reason: event.reason, by: "client" };
      }
      if (!config.disconnectWebhookUrl) return;
      const body = { roomId: context.roomId, clientId: context.clientId, connectionId: context.connectionId };
      waitUntil(callDisconnectWebhook(config.disconnectWebhookUrl, body, self?.headers ?? [], config.webhookTimeoutMs));
    },
    logSummary: ({ self, context, event }) => {
      if (self) log("info", "connection", summaryLine(connectionFacts(context, self.stats, event.at)));
    },
    // writeDataPoint returns at once and is flushed by the runtime: the socket is already closed, nothing waits.
    recordMetrics: ({ self, context, event }) => {
      const dataset = metrics.dataset();
      if (!self || !dataset) return;
      dataset.writeDataPoint(
        connectionDataPoint({ ...connectionFacts(context, self.stats, event.at), version: metrics.version }),
      );
    },
  };
  return effects;
}

/** The authentication webhook's outcome as the event the machine decides on. */
function authnEvent(outcome: AuthnOutcome, at: number): ConnectionEvent {
  switch (outcome.kind) {
    case "allowed":
      return { type: "AUTHN_ALLOWED", at, iceServers: outcome.iceServers, authzMetadata: outcome.authzMetadata };
    case "denied":
      return { type: "AUTHN_DENIED", at, reason: outcome.reason };
    case "failed":
      return { type: "AUTHN_FAILED", at, problem: outcome.problem };
  }
}
