// The lifecycle of one Ayame WebSocket, from upgrade to close.
//
// Pure by design: no `invoke`, no `after`, no I/O. The machine decides; the Durable Object shell executes the
// effect actions that `transition()` returns (by name, src/room/effects.ts) and delivers what it emits to the
// room machine, and feeds back webhook answers, room messages and passed deadlines as events.
// Open this file in Stately (see docs/statecharts.md): the config is a static literal on purpose.
import { assign, emit, setup } from "xstate";
import { clientName } from "./clientNames";
import type {
  CloseParams,
  ConnectionContext,
  ConnectionEvent,
  ConnectionInput,
  ConnectionMessage,
  ConnectionTag,
} from "./connection.types";
import { firstPingAt, NO_DEADLINES, nextPingAfter, readDeadlineAfter } from "./deadlines";

type UpdateArgs = { context: ConnectionContext; event: ConnectionEvent };

/**
 * The context updates, as plain functions: `assign` wraps each one in `setup` below, and the shell's step
 * for targetless transitions (src/room/targetlessStep.ts) calls the same functions.
 */
export const connectionUpdates = {
  // The same deadlines object when the (quantised) read deadline stays: the shell then sees by reference
  // that nothing to persist changed, which is most frames (src/room/connectionRegistry.ts).
  refreshReadDeadline: ({ context, event }: UpdateArgs) => {
    const read = readDeadlineAfter(event.at, context.settings.readTimeoutMs);
    return { deadlines: read === context.deadlines.read ? context.deadlines : { ...context.deadlines, read } };
  },
  recordRegistration: ({ context, event }: UpdateArgs): Partial<ConnectionContext> => {
    if (event.type !== "REGISTER") return {};
    const { clientId, standalone, ayameClient, libwebrtc } = event.registration;
    return {
      roomId: event.registration.roomId,
      clientId: clientId ? clientId : context.connectionId,
      standalone: standalone === true,
      ayameClient: clientName(ayameClient),
      libwebrtc: clientName(libwebrtc),
      registeredAt: event.at,
      deadlines: { ...context.deadlines, register: null },
    };
  },
  recordGrant: ({ event }: UpdateArgs) => ({
    grant: event.type === "AUTHN_ALLOWED" ? { iceServers: event.iceServers, authzMetadata: event.authzMetadata } : null,
  }),
  recordTurnServers: ({ context, event }: UpdateArgs) => ({
    grant: event.type === "TURN_ISSUED" ? { ...context.grant, iceServers: event.iceServers } : context.grant,
  }),
  recordPeer: ({ context, event }: UpdateArgs) => ({
    peerId: event.type === "SLOT_GRANTED" || event.type === "PEER_JOINED" ? event.peerId : context.peerId,
  }),
  clearGrant: () => ({ grant: null }),
  recordAcceptance: ({ event }: UpdateArgs) => ({ acceptedAt: event.at }),
  startHeartbeat: ({ context, event }: UpdateArgs) => ({
    grant: null,
    deadlines: { ...context.deadlines, ping: firstPingAt(event.at, context.settings.pingIntervalMs), pong: null },
  }),
  schedulePing: ({ context, event }: UpdateArgs) => ({
    deadlines: {
      ...context.deadlines,
      ping: nextPingAfter(event.at, context.settings.pingIntervalMs),
      pong: context.deadlines.pong ?? event.at + context.settings.pongTimeoutMs,
    },
  }),
  acceptPong: ({ context }: UpdateArgs) => ({
    deadlines: context.deadlines.pong === null ? context.deadlines : { ...context.deadlines, pong: null },
  }),
  armCloseDeadline: ({ context, event }: UpdateArgs) => ({
    deadlines: { ...NO_DEADLINES, close: event.at + context.settings.closeTimeoutMs },
  }),
} satisfies Record<string, (args: UpdateArgs) => Partial<ConnectionContext>>;

/**
 * The effects: executed by the shell, by name (src/room/effects.ts, typed against this list). The machine only
 * says which, in which order, with what params.
 */
const effects = {
  callAuthnWebhook: () => {},
  requestTurnCredentials: () => {},
  sendAccept: () => {},
  sendReject: (_: unknown, _params: { reason?: string }) => {},
  sendPing: () => {},
  sendBye: () => {},
  relayToPeer: () => {},
  closeSocket: (_: unknown, _params: CloseParams) => {},
  callDisconnectWebhook: (_: unknown, _params: { closedBy: "client" | "server" }) => {},
  logSummary: () => {},
  recordMetrics: () => {},
};

export type ConnectionEffectName = keyof typeof effects;
/** Each effect's params (`undefined` for none). */
export type ConnectionEffectParams = { [K in ConnectionEffectName]: Parameters<(typeof effects)[K]>[1] };
export const CONNECTION_EFFECTS = Object.keys(effects) as readonly ConnectionEffectName[];

const update = connectionUpdates;

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
    emitted: {} as ConnectionMessage,
    tags: {} as ConnectionTag,
  },
  actions: {
    ...effects,

    // Messages to the room machine.
    requestSlot: emit(({ context }) => ({
      type: "JOIN" as const,
      connectionId: context.connectionId,
      standalone: context.standalone,
    })),
    leaveRoom: emit(({ context }) => ({ type: "LEAVE" as const, connectionId: context.connectionId })),

    // Context updates.
    refreshReadDeadline: assign(update.refreshReadDeadline),
    recordRegistration: assign(update.recordRegistration),
    recordGrant: assign(update.recordGrant),
    recordTurnServers: assign(update.recordTurnServers),
    recordPeer: assign(update.recordPeer),
    clearGrant: assign(update.clearGrant),
    recordAcceptance: assign(update.recordAcceptance),
    startHeartbeat: assign(update.startHeartbeat),
    schedulePing: assign(update.schedulePing),
    acceptPong: assign(update.acceptPong),
    armCloseDeadline: assign(update.armCloseDeadline),
  },
  guards: {
    // A socket on a stock URL is routed by its register: its room id is empty until then (src/edge/).
    roomIdDiffers: ({ context, event }) =>
      event.type === "REGISTER" && context.roomId !== "" && event.registration.roomId !== context.roomId,
    authnEnabled: ({ context }) => context.settings.authnEnabled,
    turnEnabled: ({ context }) => context.settings.turnEnabled,
    turnNeeded: ({ context, event }) =>
      context.settings.turnEnabled && event.type === "AUTHN_ALLOWED" && event.iceServers === undefined,
    registeredStandalone: ({ context }) => context.standalone,
    peerAlreadyThere: ({ event }) => event.type === "SLOT_GRANTED" && event.isExistUser,
    messageNotAllowed: ({ context, event }) =>
      event.type === "RELAY" && event.frameType === "message" && !context.settings.typeMessage,
    hasPeer: ({ context }) => context.peerId !== null,
    byeRequested: ({ event }) => event.type === "PEER_LEFT" && event.bye,
  },
}).createMachine({
  id: "connection",
  context: ({ input }) => ({
    connectionId: input.connectionId,
    openedAt: input.now,
    registeredAt: null,
    acceptedAt: null,
    roomId: input.roomId,
    routing: input.routing ?? "url",
    clientId: "",
    standalone: false,
    ayameClient: null,
    libwebrtc: null,
    peerId: null,
    settings: input.settings,
    deadlines: {
      close: null,
      register: input.now + input.settings.registerTimeoutMs,
      read: readDeadlineAfter(input.now, input.settings.readTimeoutMs),
      pong: null,
      ping: null,
    },
    grant: null,
  }),
  initial: "active",
  states: {
    active: {
      description:
        "The socket is open and the server still talks to it. Frames that no inner state takes are protocol errors.",
      initial: "awaitingRegister",
      on: {
        PONG: { actions: "refreshReadDeadline" },
        REGISTER: {
          target: "tearingDown",
          actions: {
            type: "closeSocket",
            params: { code: 1000, reason: "protocol error: register again", outcome: "protocolError" },
          },
        },
        RELAY: {
          target: "tearingDown",
          actions: {
            type: "closeSocket",
            params: { code: 1000, reason: "protocol error: signaling before accept", outcome: "protocolError" },
          },
        },
        CONNECTED: {
          target: "tearingDown",
          actions: {
            type: "closeSocket",
            params: { code: 1000, reason: "protocol error: connected before accept", outcome: "protocolError" },
          },
        },
        UNEXPECTED_FRAME: {
          target: "tearingDown",
          actions: {
            type: "closeSocket",
            params: { code: 1000, reason: "protocol error: unexpected type", outcome: "protocolError" },
          },
        },
        MALFORMED_FRAME: {
          target: "tearingDown",
          actions: {
            type: "closeSocket",
            params: { code: 1000, reason: "protocol error: malformed frame", outcome: "protocolError" },
          },
        },
        OVERSIZED_FRAME: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1009, reason: "frame too large", outcome: "protocolError" } },
        },
        READ_TIMEOUT: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1000, reason: "read timeout", outcome: "timeout" } },
        },
        PERSIST_FAILED: {
          target: "tearingDown",
          actions: { type: "closeSocket", params: { code: 1011, reason: "internal error", outcome: "internalError" } },
        },
        SOCKET_CLOSED: {
          target: "closed",
          actions: ["leaveRoom", { type: "callDisconnectWebhook", params: { closedBy: "client" } }],
        },
      },
      states: {
        awaitingRegister: {
          tags: ["pending"],
          description:
            "Accepted by the Durable Object; the first frame must be `register` (a `pong` is tolerated but does not extend the register deadline).",
          on: {
            REGISTER: [
              {
                guard: "roomIdDiffers",
                target: "#connection.tearingDown",
                actions: {
                  type: "closeSocket",
                  params: { code: 1008, reason: "roomId does not match", outcome: "protocolError" },
                },
              },
              {
                guard: "authnEnabled",
                target: "authenticating",
                actions: ["refreshReadDeadline", "recordRegistration", "callAuthnWebhook"],
              },
              {
                guard: "turnEnabled",
                target: "fetchingTurn",
                actions: ["refreshReadDeadline", "recordRegistration", "requestTurnCredentials"],
              },
              {
                target: "joining",
                actions: ["refreshReadDeadline", "recordRegistration", "requestSlot"],
              },
            ],
            REGISTER_TIMEOUT: {
              target: "#connection.tearingDown",
              actions: { type: "closeSocket", params: { code: 1000, reason: "register timeout", outcome: "timeout" } },
            },
            DISPLACED: {
              target: "#connection.closed",
              actions: [
                { type: "closeSocket", params: { code: 1013, reason: "room busy", outcome: "displaced" } },
                "leaveRoom",
                { type: "callDisconnectWebhook", params: { closedBy: "server" } },
              ],
            },
          },
        },
        authenticating: {
          description: "The authentication webhook is in flight; no slot is taken yet.",
          on: {
            AUTHN_ALLOWED: [
              { guard: "turnNeeded", target: "fetchingTurn", actions: ["recordGrant", "requestTurnCredentials"] },
              { target: "joining", actions: ["recordGrant", "requestSlot"] },
            ],
            AUTHN_DENIED: {
              target: "#connection.tearingDown",
              actions: [
                { type: "sendReject", params: {} },
                {
                  type: "closeSocket",
                  params: { code: 1000, reason: "rejected by authentication webhook", outcome: "rejected" },
                },
              ],
            },
            AUTHN_FAILED: {
              target: "#connection.tearingDown",
              actions: [
                { type: "sendReject", params: { reason: "InternalServerError" } },
                {
                  type: "closeSocket",
                  params: { code: 1000, reason: "authentication webhook failed", outcome: "rejected" },
                },
              ],
            },
          },
        },
        fetchingTurn: {
          description:
            "Short-lived TURN credentials are being fetched for this client (no slot is taken yet); when that fails, the client is accepted without them: signaling never fails because TURN did.",
          on: {
            TURN_ISSUED: { target: "joining", actions: ["recordTurnServers", "requestSlot"] },
            TURN_FAILED: { target: "joining", actions: "requestSlot" },
          },
        },
        joining: {
          description: "Registered (and authenticated); the room decides whether a slot is free.",
          on: {
            SLOT_GRANTED: [
              {
                guard: "registeredStandalone",
                target: "accepted.standalone",
                actions: ["recordPeer", "recordAcceptance", "sendAccept", "clearGrant"],
              },
              {
                guard: "peerAlreadyThere",
                target: "accepted.pinged.paired",
                actions: ["recordPeer", "recordAcceptance", "sendAccept", "startHeartbeat"],
              },
              { target: "accepted.pinged.waiting", actions: ["recordAcceptance", "sendAccept", "startHeartbeat"] },
            ],
            SLOT_REFUSED: {
              target: "#connection.tearingDown",
              actions: [
                { type: "sendReject", params: { reason: "full" } },
                { type: "closeSocket", params: { code: 1000, reason: "room full", outcome: "rejected" } },
              ],
            },
          },
        },
        accepted: {
          tags: ["accepted"],
          description:
            "`accept` was sent. Signaling frames go to the peer byte for byte, or nowhere while there is none.",
          initial: "pinged",
          on: {
            RELAY: [
              {
                guard: "messageNotAllowed",
                target: "#connection.tearingDown",
                actions: {
                  type: "closeSocket",
                  params: { code: 1000, reason: "protocol error: message not enabled", outcome: "protocolError" },
                },
              },
              { guard: "hasPeer", actions: ["refreshReadDeadline", "relayToPeer"] },
              { actions: "refreshReadDeadline" },
            ],
            PEER_JOINED: { actions: "recordPeer" },
          },
          states: {
            pinged: {
              description: "Not standalone: pinged every interval; an unanswered ping closes the socket.",
              initial: "waiting",
              on: {
                CONNECTED: { actions: "refreshReadDeadline" },
                PONG: { actions: ["refreshReadDeadline", "acceptPong"] },
                PING_DUE: { actions: ["sendPing", "schedulePing"] },
                PONG_TIMEOUT: {
                  target: "#connection.tearingDown",
                  actions: { type: "closeSocket", params: { code: 1000, reason: "pong timeout", outcome: "timeout" } },
                },
              },
              states: {
                waiting: {
                  description: "Alone in the room.",
                  on: {
                    PEER_JOINED: { target: "paired", actions: "recordPeer" },
                  },
                },
                paired: {
                  description: "With a peer. When it leaves, the room says whether this socket gets `bye`.",
                  on: {
                    PEER_LEFT: [
                      {
                        guard: "byeRequested",
                        target: "#connection.tearingDown",
                        actions: [
                          "sendBye",
                          { type: "closeSocket", params: { code: 1000, reason: "peer left", outcome: "peerLeft" } },
                        ],
                      },
                      {
                        target: "#connection.tearingDown",
                        actions: {
                          type: "closeSocket",
                          params: { code: 1000, reason: "peer left", outcome: "peerLeft" },
                        },
                      },
                    ],
                  },
                },
              },
            },
            standalone: {
              description: "Standalone mode: no pings, no bye; `connected` ends the signaling.",
              on: {
                PEER_LEFT: {
                  target: "#connection.tearingDown",
                  actions: { type: "closeSocket", params: { code: 1000, reason: "peer left", outcome: "peerLeft" } },
                },
                CONNECTED: {
                  target: "#connection.tearingDown",
                  actions: {
                    type: "closeSocket",
                    params: { code: 1000, reason: "standalone connected", outcome: "ended" },
                  },
                },
              },
            },
          },
        },
      },
    },
    tearingDown: {
      tags: ["closing"],
      description:
        "The server closed the socket: the slot is released, nothing more is read, and the client has until the close deadline (or until a new socket needs its place) to complete the close handshake.",
      entry: ["armCloseDeadline", "leaveRoom", { type: "callDisconnectWebhook", params: { closedBy: "server" } }],
      on: {
        SOCKET_CLOSED: { target: "closed" },
        CLOSE_TIMEOUT: { target: "closed" },
        DISPLACED: { target: "closed" },
      },
    },
    closed: {
      description:
        "The socket is gone; the slot is released and the disconnect webhook is sent. One summary line and one data point (when a metrics dataset is bound) tell the connection's story.",
      type: "final",
      entry: ["logSummary", "recordMetrics"],
    },
  },
});

export type ConnectionMachine = typeof connectionMachine;
