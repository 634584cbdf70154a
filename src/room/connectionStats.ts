// What one connection did, counted in memory for its summary line (docs/observability.md). Counters start
// again at zero when the object wakes up after hibernation, so a summary of a connection that lived through
// one is marked `approximate`; the timestamps come from the machine's context and are exact.
import type { CloseOutcome, ConnectionContext, ConnectionEvent, Routing } from "../../machines/connection.types";

export interface ConnectionStats {
  /** Frames this client sent that were relayed to its peer, and their size in UTF-16 units (≈ bytes). */
  sent: { frames: number; bytes: number };
  /** Frames relayed to this client from its peer. */
  received: { frames: number; bytes: number };
  pings: number;
  pongs: number;
  isExistUser?: boolean;
  rejectReason?: string;
  problem?: string;
  authn?: { outcome: string; durationMs: number; problem?: string };
  turn?: { outcome: string; durationMs: number; problem?: string };
  close?: { code: number; reason: string; by: "client" | "server"; outcome?: CloseOutcome };
  approximate: boolean;
}

export function newStats(restored: boolean): ConnectionStats {
  return {
    sent: { frames: 0, bytes: 0 },
    received: { frames: 0, bytes: 0 },
    pings: 0,
    pongs: 0,
    approximate: restored,
  };
}

/** Counts what a client frame adds to its connection's story (relays are counted when relayed). */
export function countFrame(stats: ConnectionStats, event: ConnectionEvent): void {
  if (event.type === "PONG") stats.pongs += 1;
}

/** What is known about a connection when it ends: the one computation behind its summary line and its data point. */
export interface ConnectionFacts {
  roomId: string;
  connectionId: string;
  clientId: string;
  standalone: boolean;
  routing: Routing;
  ayameClient: string | null;
  libwebrtc: string | null;
  /** `closedByClient`, or why the server closed it. */
  outcome: CloseOutcome | "closedByClient";
  accepted: boolean;
  isExistUser: boolean | undefined;
  rejectReason: string | undefined;
  problem: string | undefined;
  closeCode: number | undefined;
  closeReason: string | undefined;
  closedBy: "client" | "server" | undefined;
  registerToAcceptMs: number | undefined;
  lifetimeMs: number;
  sent: { frames: number; bytes: number };
  received: { frames: number; bytes: number };
  pings: number;
  pongs: number;
  authn: ConnectionStats["authn"];
  turn: ConnectionStats["turn"];
  approximate: boolean;
}

export function connectionFacts(context: ConnectionContext, stats: ConnectionStats, endedAt: number): ConnectionFacts {
  const close = stats.close;
  return {
    roomId: context.roomId,
    connectionId: context.connectionId,
    clientId: context.clientId,
    standalone: context.standalone,
    routing: context.routing,
    ayameClient: context.ayameClient,
    libwebrtc: context.libwebrtc,
    outcome: close?.by === "server" && close.outcome ? close.outcome : "closedByClient",
    accepted: context.acceptedAt !== null,
    isExistUser: stats.isExistUser,
    rejectReason: stats.rejectReason,
    problem: stats.problem,
    closeCode: close?.code,
    closeReason: close?.reason,
    closedBy: close?.by,
    registerToAcceptMs:
      context.registeredAt !== null && context.acceptedAt !== null
        ? context.acceptedAt - context.registeredAt
        : undefined,
    lifetimeMs: endedAt - context.openedAt,
    sent: stats.sent,
    received: stats.received,
    pings: stats.pings,
    pongs: stats.pongs,
    authn: stats.authn,
    turn: stats.turn,
    approximate: stats.approximate,
  };
}

/** The one wide line logged when a connection ends: everything an operator asks about it afterwards. */
export function summaryLine(facts: ConnectionFacts): Record<string, unknown> {
  return {
    ...facts,
    ayameClient: facts.ayameClient ?? undefined,
    libwebrtc: facts.libwebrtc ?? undefined,
    approximate: facts.approximate || undefined,
  };
}
