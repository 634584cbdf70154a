// The lifecycle of one Ayame WebSocket, from upgrade to close.
//
// Pure by design: no `invoke`, no `after`, no I/O. The machine decides; the Durable Object shell binds the
// effect actions below with `connectionMachine.provide(...)` (or executes the actions that xstate's
// `transition()` returns) and feeds back webhook answers, room decisions and expired deadlines as events.
// Open this file in Stately (see docs/statecharts.md): the config is a static literal on purpose.
import { assign, setup } from "xstate";
import type { CloseParams, ConnectionContext, ConnectionEvent, ConnectionInput } from "./connection.types";

/** Read deadlines are rounded up to a quantum so that a busy socket's persisted state changes rarely. */
export function readDeadlineAfter(at: number, readTimeoutMs: number): number {
  const quantum = Math.min(1000, Math.max(1, Math.floor(readTimeoutMs / 10)));
  return Math.ceil((at + readTimeoutMs) / quantum) * quantum;
}

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
  },
  actions: {
    // Effects. The shell provides the real implementations; these defaults do nothing.
    callAuthnWebhook: () => {},
    requestSlot: () => {},
    sendAccept: () => {},
    sendReject: (_, _params: { reason?: string }) => {},
    sendPing: () => {},
    sendBye: () => {},
    relayToPeer: () => {},
    closeSocket: (_, _params: CloseParams) => {},
    leaveRoom: () => {},
    callDisconnectWebhook: () => {},

    // Context updates.
    refreshReadDeadline: assign({
      readDeadline: ({ context, event }) =>
        "at" in event ? readDeadlineAfter(event.at, context.settings.readTimeoutMs) : context.readDeadline,
    }),
    recordRegistration: assign(({ context, event }) => {
      if (event.type !== "REGISTER") return {};
      const { clientId, standalone } = event.registration;
      return {
        clientId: clientId ? clientId : context.connectionId,
        standalone: standalone === true,
      };
    }),
    recordGrant: assign({
      grant: ({ event }) =>
        event.type === "AUTHN_ALLOWED" ? { iceServers: event.iceServers, authzMetadata: event.authzMetadata } : null,
    }),
    startHeartbeat: assign(({ context, event }) => {
      if (!("at" in event)) return {};
      return { grant: null, nextPingAt: event.at + context.settings.pingIntervalMs, pongDeadline: null };
    }),
    clearGrant: assign({ grant: null }),
    schedulePing: assign(({ context, event }) => {
      if (!("at" in event)) return {};
      return {
        nextPingAt: event.at + context.settings.pingIntervalMs,
        pongDeadline: context.pongDeadline ?? event.at + context.settings.pongTimeoutMs,
      };
    }),
    acceptPong: assign({ pongDeadline: null }),
    stopTimers: assign({ nextPingAt: null, pongDeadline: null }),
  },
  guards: {
    roomIdDiffers: ({ context, event }) => event.type === "REGISTER" && event.registration.roomId !== context.roomId,
    authnEnabled: ({ context }) => context.settings.authnEnabled,
    registeredStandalone: ({ context }) => context.standalone,
    peerAlreadyThere: ({ event }) => event.type === "SLOT_GRANTED" && event.isExistUser,
    messageNotAllowed: ({ context, event }) =>
      event.type === "RELAY" && event.frameType === "message" && !context.settings.typeMessage,
    byeToSurvivor: ({ event }) => event.type === "PEER_LEFT" && event.sendBye,
  },
}).createMachine({
  id: "connection",
  context: ({ input }) => ({
    connectionId: input.connectionId,
    roomId: input.roomId,
    clientId: "",
    standalone: false,
    settings: input.settings,
    readDeadline: readDeadlineAfter(input.now, input.settings.readTimeoutMs),
    nextPingAt: null,
    pongDeadline: null,
    grant: null,
  }),
  initial: "active",
  states: {
    active: {
      description: "The socket is open and the server still talks to it.",
      initial: "awaitingRegister",
      on: {
        PONG: { actions: "refreshReadDeadline" },
        REGISTER: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: register again" } },
        },
        RELAY: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: signaling before accept" } },
        },
        CONNECTED: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: connected before accept" } },
        },
        UNEXPECTED_FRAME: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: unexpected type" } },
        },
        MALFORMED_FRAME: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: malformed frame" } },
        },
        OVERSIZED_FRAME: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1009, reason: "frame too large" } },
        },
        READ_TIMEOUT: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1000, reason: "read timeout" } },
        },
        SOCKET_CLOSED: {
          target: "closed",
          actions: ["leaveRoom", "callDisconnectWebhook"],
        },
      },
      states: {
        awaitingRegister: {
          description: "Accepted by the Durable Object; the first frame must be `register` (a `pong` is tolerated).",
          on: {
            REGISTER: [
              {
                guard: "roomIdDiffers",
                target: "#connection.tearingDown",
                actions: { type: "closeSocket", params: { code: 1008, reason: "roomId does not match" } },
              },
              {
                guard: "authnEnabled",
                target: "authenticating",
                actions: ["refreshReadDeadline", "recordRegistration", "callAuthnWebhook"],
              },
              {
                target: "joining",
                actions: ["refreshReadDeadline", "recordRegistration", "requestSlot"],
              },
            ],
          },
        },
        authenticating: {
          description: "The authentication webhook is in flight; no slot is taken yet.",
          on: {
            AUTHN_ALLOWED: { target: "joining", actions: ["recordGrant", "requestSlot"] },
            AUTHN_DENIED: {
              target: "#connection.tearingDown",
              actions: [
                { type: "sendReject", params: {} },
                { type: "closeSocket", params: { code: 1000, reason: "rejected by authentication webhook" } },
              ],
            },
            AUTHN_FAILED: {
              target: "#connection.tearingDown",
              actions: [
                { type: "sendReject", params: { reason: "InternalServerError" } },
                { type: "closeSocket", params: { code: 1000, reason: "authentication webhook failed" } },
              ],
            },
          },
        },
        joining: {
          description: "Registered (and authenticated); the room decides whether a slot is free.",
          on: {
            SLOT_GRANTED: [
              { guard: "registeredStandalone", target: "standalone", actions: ["sendAccept", "clearGrant"] },
              { guard: "peerAlreadyThere", target: "paired", actions: ["sendAccept", "startHeartbeat"] },
              { target: "waiting", actions: ["sendAccept", "startHeartbeat"] },
            ],
            SLOT_REFUSED: {
              target: "#connection.tearingDown",
              actions: [
                { type: "sendReject", params: { reason: "full" } },
                { type: "closeSocket", params: { code: 1000, reason: "room full" } },
              ],
            },
          },
        },
        waiting: {
          description: "Accepted, alone in the room. Pinged every interval.",
          on: {
            PEER_JOINED: { target: "paired" },
            RELAY: [
              {
                guard: "messageNotAllowed",
                target: "#connection.tearingDown",
                actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: message not enabled" } },
              },
              { actions: ["refreshReadDeadline", "relayToPeer"] },
            ],
            CONNECTED: { actions: "refreshReadDeadline" },
            PONG: { actions: ["refreshReadDeadline", "acceptPong"] },
            PING_DUE: { actions: ["sendPing", "schedulePing"] },
            PONG_TIMEOUT: {
              target: "#connection.tearingDown",
              actions: { type: "closeSocket", params: { code: 1000, reason: "pong timeout" } },
            },
          },
        },
        paired: {
          description: "Accepted, with a peer: signaling frames are relayed byte for byte.",
          on: {
            PEER_LEFT: [
              {
                guard: "byeToSurvivor",
                target: "#connection.tearingDown",
                actions: ["sendBye", { type: "closeSocket", params: { code: 1000, reason: "peer left" } }],
              },
              {
                target: "#connection.tearingDown",
                actions: { type: "closeSocket", params: { code: 1000, reason: "peer left" } },
              },
            ],
            RELAY: [
              {
                guard: "messageNotAllowed",
                target: "#connection.tearingDown",
                actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: message not enabled" } },
              },
              { actions: ["refreshReadDeadline", "relayToPeer"] },
            ],
            CONNECTED: { actions: "refreshReadDeadline" },
            PONG: { actions: ["refreshReadDeadline", "acceptPong"] },
            PING_DUE: { actions: ["sendPing", "schedulePing"] },
            PONG_TIMEOUT: {
              target: "#connection.tearingDown",
              actions: { type: "closeSocket", params: { code: 1000, reason: "pong timeout" } },
            },
          },
        },
        standalone: {
          description: "Accepted in standalone mode: no pings, no bye; `connected` ends the signaling.",
          on: {
            PEER_JOINED: {},
            PEER_LEFT: {
              target: "#connection.tearingDown",
              actions: { type: "closeSocket", params: { code: 1000, reason: "peer left" } },
            },
            RELAY: [
              {
                guard: "messageNotAllowed",
                target: "#connection.tearingDown",
                actions: { type: "closeSocket", params: { code: 1000, reason: "protocol error: message not enabled" } },
              },
              { actions: ["refreshReadDeadline", "relayToPeer"] },
            ],
            CONNECTED: {
              target: "#connection.tearingDown",
              actions: { type: "closeSocket", params: { code: 1000, reason: "standalone connected" } },
            },
          },
        },
      },
    },
    tearingDown: {
      description: "The server has closed the socket (or is closing it); the slot is released and nothing more is read.",
      entry: ["stopTimers", "leaveRoom", "callDisconnectWebhook"],
      on: {
        SOCKET_CLOSED: { target: "closed" },
      },
    },
    closed: {
      description: "The socket is gone; the slot is released and the disconnect webhook is sent.",
      type: "final",
    },
  },
});

export type ConnectionMachine = typeof connectionMachine;
