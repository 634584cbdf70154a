// How each connection-machine event is made to happen for real, keyed by event type (the payload picks the
// variant). Events the client causes are frames or a close; the webhook's answers come from the test webhook
// server (scripted and held before the register, released by the AUTHN_* step); the room's decisions come
// from other real clients; timer events from letting the real deadline pass and running the object's alarm.
import { runDurableObjectAlarm } from "cloudflare:test";
import { expect } from "vitest";
import type { ConnectionEvent } from "../../../machines/connection.types";
import type { WebhookAnswer } from "../../support/webhookControl";
import { release, scriptAuthn } from "../../support/webhookControl";
import { keepSending, sleep } from "../../worker-timers/timerClient";
import { admitClient, connectClient, leave, pingCount, until, within } from "./clients";
import {
  HELPERS,
  realRoomId,
  sendFromSubject,
  subjectOf,
  type ConnectionStep,
  type ConnectionWorld,
} from "./connectionWorld";
import type { Executor } from "./replay";

type ConnectionExecutor = Executor<ConnectionWorld, ConnectionStep>;
type EventOf<K extends ConnectionEvent["type"]> = Extract<ConnectionEvent, { type: K }>;

function eventOf<K extends ConnectionEvent["type"]>(step: ConnectionStep, type: K): EventOf<K> {
  expect(step.event.type).toBe(type);
  return step.event as EventOf<K>;
}

/** An executor for an event the subject causes by sending one frame. */
function sendsFrame(build: (world: ConnectionWorld, step: ConnectionStep) => unknown): ConnectionExecutor {
  return {
    perform: async (world, step) => sendFromSubject(world, build(world, step)),
  };
}

/** The held answer of the authentication webhook an AUTHN_* step releases. */
function authnAnswer(event: ConnectionEvent): WebhookAnswer | undefined {
  switch (event.type) {
    case "AUTHN_ALLOWED":
      return { status: 200, json: { allowed: true, iceServers: event.iceServers, authzMetadata: event.authzMetadata }, hold: true };
    case "AUTHN_DENIED":
      return { status: 200, json: { allowed: false, reason: event.reason }, hold: true };
    case "AUTHN_FAILED":
      return { status: 500, raw: event.problem, hold: true };
    default:
      return undefined;
  }
}

const releaseAuthnAnswer: ConnectionExecutor = {
  perform: async (world) => {
    expect(await release(world.roomId), "the subject's held authentication answer reaches the object").toEqual({
      released: 1,
      delivered: 1,
    });
  },
};

async function admitHelper(world: ConnectionWorld, name: string, standalone: boolean) {
  const helper = await admitClient(world.roomId, name, standalone);
  world.helpers.push(helper);
  return helper;
}

/** Lets the deadline pass on the object's own clock and runs its alarm (it may have fired by itself already). */
async function passDeadline(world: ConnectionWorld, waitMs: number): Promise<void> {
  await sleep(Math.max(0, waitMs));
  await runDurableObjectAlarm(world.stub);
}

/** The read deadline is rounded up to a tenth of the timeout (at most 1 s): see readDeadlineAfter. */
function readDeadlineSlackMs(world: ConnectionWorld): number {
  return Math.min(1000, Math.floor(world.config.readTimeoutMs / 10));
}

export const connectionExecutors: Record<ConnectionStep["event"]["type"], ConnectionExecutor> = {
  "xstate.init": {
    // Half-open: the subject answers the server's close only in a SOCKET_CLOSED step, so tearingDown lasts.
    perform: async (world) => {
      world.subject = await connectClient(world.roomId, "subject", { halfOpen: true });
      world.subjectLastSentAt = Date.now();
    },
  },

  REGISTER: {
    // With authentication the subject's answer is scripted before it registers and held until the next step
    // releases it (an AUTHN_* step), so that authenticating lasts as long as the path needs.
    prepare: async (world, step) => {
      if (!step.expected.matches({ active: "authenticating" })) return;
      const next = world.steps[step.index + 1];
      const answer = (next && authnAnswer(next.event as ConnectionEvent)) ?? { status: 200, json: { allowed: true }, hold: true };
      await scriptAuthn(world.roomId, answer);
    },
    perform: async (world, step) => {
      const { registration } = eventOf(step, "REGISTER");
      subjectOf(world).standalone ||= step.expected.context.standalone;
      sendFromSubject(world, { type: "register", ...registration, roomId: realRoomId(world, registration.roomId) });
    },
  },

  PONG: sendsFrame(() => ({ type: "pong" })),

  RELAY: {
    perform: async (world, step) => {
      const { raw } = eventOf(step, "RELAY");
      if (world.peer && step.stepEffects.some(({ type }) => type === "relayToPeer")) world.relaysForPeer.push(raw);
      sendFromSubject(world, raw);
    },
  },

  CONNECTED: sendsFrame(() => ({ type: "connected" })),

  UNEXPECTED_FRAME: sendsFrame((_, step) => ({ type: eventOf(step, "UNEXPECTED_FRAME").frameType })),

  MALFORMED_FRAME: sendsFrame(() => "this is not JSON"),

  OVERSIZED_FRAME: sendsFrame((world) => {
    const envelope = '{"type":"offer","sdp":""}';
    return envelope.replace('""', `"${"x".repeat(world.config.readLimitBytes + 1 - envelope.length)}"`);
  }),

  AUTHN_ALLOWED: releaseAuthnAnswer,
  AUTHN_DENIED: releaseAuthnAnswer,
  AUTHN_FAILED: releaseAuthnAnswer,

  SLOT_GRANTED: {
    // "Peer already there": a helper takes the first slot before the subject registers.
    prepare: async (world, step) => {
      if (!eventOf(step, "SLOT_GRANTED").isExistUser) return;
      world.peer = await admitHelper(world, HELPERS.first, world.peerStandalone);
    },
    perform: async (world, step) => {
      const subject = subjectOf(world);
      const answer = await subject.socket.next((frame) => frame.type === "accept" || frame.type === "reject");
      expect(answer).toMatchObject({ type: "accept", isExistUser: eventOf(step, "SLOT_GRANTED").isExistUser });
      subject.accept = answer;
    },
  },

  SLOT_REFUSED: {
    // Both slots are taken before the subject registers.
    prepare: async (world) => {
      await admitHelper(world, HELPERS.first, false);
      await admitHelper(world, HELPERS.second, false);
    },
    perform: async (world) => {
      const answer = await subjectOf(world).socket.next((frame) => frame.type === "accept" || frame.type === "reject");
      expect(answer).toEqual({ type: "reject", reason: "full" });
    },
  },

  PEER_JOINED: {
    perform: async (world) => {
      const joiner = await admitHelper(world, HELPERS.joiner, world.peerStandalone);
      expect(joiner.accept?.isExistUser, "the joiner finds the subject in the room").toBe(true);
      world.peer = joiner;
    },
  },

  PEER_LEFT: {
    // A peer that leaves with bye is a normal client, one that leaves without bye is standalone. A standalone
    // subject alone in the room first needs a peer that can leave (PEER_JOINED, which standalone ignores).
    perform: async (world, step) => {
      const { sendBye } = eventOf(step, "PEER_LEFT");
      world.peer ??= await admitHelper(world, HELPERS.joiner, !sendBye);
      expect(world.peer.standalone, "the peer leaves as the event says").toBe(!sendBye);
      const leaver = world.peer;
      world.peer = undefined;
      await leave(leaver);
    },
  },

  PING_DUE: {
    perform: async (world) => {
      const subject = subjectOf(world);
      const pings = pingCount(subject);
      await passDeadline(world, world.config.pingIntervalMs);
      await until(() => pingCount(subject) > pings, "a ping");
    },
  },

  PONG_TIMEOUT: {
    // Reality needs an unanswered ping first. Only the pong timeout may close the socket: `connected` frames
    // (ignored in waiting and paired) keep the read deadline fresh meanwhile.
    perform: async (world) => {
      const subject = subjectOf(world);
      const keepReading = keepSending(subject.socket, { type: "connected" }, 200);
      try {
        const pings = pingCount(subject);
        await until(() => pingCount(subject) > pings || subject.closedWith !== undefined, "an unanswered ping");
        await passDeadline(world, world.config.pongTimeoutMs);
        await within(subject.socket.closed, "the pong timeout");
      } finally {
        keepReading.stop();
      }
    },
  },

  READ_TIMEOUT: {
    // Silence: no frame at all, pings unanswered (read < ping + pong, so the read deadline comes first).
    perform: async (world) => {
      const subject = subjectOf(world);
      await passDeadline(world, world.subjectLastSentAt + world.config.readTimeoutMs + readDeadlineSlackMs(world) - Date.now());
      await within(subject.socket.closed, "the read timeout");
    },
  },

  SOCKET_CLOSED: {
    perform: async (world, step) => {
      const { code, reason } = eventOf(step, "SOCKET_CLOSED");
      const subject = subjectOf(world);
      const closedByServer = subject.closedWith !== undefined;
      subject.socket.close(code, reason);
      // A close the client starts is answered by the server once it has handled it.
      if (!closedByServer) await within(subject.socket.closed, "the server's answer to the subject's close");
    },
  },
};
