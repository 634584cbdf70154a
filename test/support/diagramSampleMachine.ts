// A small machine of the nested shape the connection machine is heading for (composite states three deep,
// parents with their own transitions, guarded alternatives, static params, entry actions), so the diagram
// generator is tested against more than today's machines: test/node/diagramShapes.test.ts checks its
// Mermaid text, test/e2e/diagrams.e2e.test.ts renders it.
import { assign, setup } from "xstate";

const close = (code: number, reason: string, outcome: string) => ({
  type: "closeSocket" as const,
  params: { code, reason, outcome },
});

export const diagramSampleMachine = setup({
  actions: {
    closeSocket: (_, _params: { code: number; reason: string; outcome: string }) => {},
    grantSlot: (_, _params: { isExistUser: boolean }) => {},
    releaseSurvivor: (_, _params: { bye: boolean }) => {},
    relayToPeer: () => {},
    sendPing: () => {},
    leaveRoom: () => {},
    refreshReadDeadline: assign({}),
    acceptPong: assign({}),
  },
  guards: { byeRequested: () => true, hasPeer: () => true },
}).createMachine({
  id: "sample",
  initial: "active",
  states: {
    active: {
      initial: "awaitingRegister",
      on: {
        MALFORMED_FRAME: {
          target: "tearingDown",
          actions: close(1000, "protocol error: malformed frame", "protocolError"),
        },
        UNEXPECTED_FRAME: {
          target: "tearingDown",
          actions: close(1000, "protocol error: unexpected type", "protocolError"),
        },
        READ_TIMEOUT: { target: "tearingDown", actions: close(1000, "read timeout", "timeout") },
        SOCKET_CLOSED: { target: "closed", actions: "leaveRoom" },
      },
      states: {
        awaitingRegister: {
          on: {
            REGISTER: {
              target: "accepted",
              actions: ["refreshReadDeadline", { type: "grantSlot", params: { isExistUser: true } }],
            },
          },
        },
        accepted: {
          initial: "pinged",
          on: {
            RELAY: { actions: ["refreshReadDeadline", "relayToPeer"] },
            CONNECTED: { actions: "refreshReadDeadline" },
            PEER_LEFT: [
              {
                guard: "byeRequested",
                target: "#sample.tearingDown",
                actions: [{ type: "releaseSurvivor", params: { bye: true } }, close(1000, "peer left", "peerLeft")],
              },
              {
                target: "#sample.tearingDown",
                actions: [{ type: "releaseSurvivor", params: { bye: false } }, close(1000, "peer left", "peerLeft")],
              },
            ],
          },
          states: {
            pinged: {
              initial: "waiting",
              on: {
                PONG: { actions: ["refreshReadDeadline", "acceptPong"] },
                PING_DUE: { actions: "sendPing" },
                PONG_TIMEOUT: { target: "#sample.tearingDown", actions: close(1000, "pong timeout", "timeout") },
              },
              states: {
                waiting: { on: { PEER_JOINED: [{ guard: "hasPeer", target: "paired" }, {}] } },
                paired: {},
              },
            },
            standalone: {},
          },
        },
      },
    },
    tearingDown: {
      entry: ["leaveRoom"],
      on: {
        SOCKET_CLOSED: "closed",
        CLOSE_TIMEOUT: { target: "closed", actions: close(1006, "close timeout: no close frame", "timeout") },
      },
    },
    closed: { type: "final" },
  },
});
