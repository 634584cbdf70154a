// What must hold, seen from outside, in each state of the connection machine. Most checks compare what the
// real system did with the effects the pure machine ran on the same path: the frames the subject received
// (accept, reject, bye), its close code and reason, the webhook requests the test server recorded, and the
// relays its peer received.
import { expect } from "vitest";
import type { ConnectionEvent } from "../../../machines/connection.types";
import { BYE_FRAME } from "../../../src/protocol/serverFrames";
import { CONNECTION_ID } from "../../support/statecharts/connectionPaths";
import type { RecordedEffect } from "../../support/statecharts/pureMachineRun";
import type { RecordedRequest } from "../../support/webhookControl";
import { framesAfterAccept, framesOf, isPing, pingCount, ULID, until, within, type Client } from "./clients";
import {
  registrationOf,
  subjectAuthnRequests,
  subjectDisconnectRequests,
  subjectOf,
  type ConnectionStep,
  type ConnectionWorld,
} from "./connectionWorld";
import type { Check } from "./replay";

type ConnectionCheck = Check<ConnectionWorld, ConnectionStep>;

function effectsOf(step: ConnectionStep, type: string): RecordedEffect[] {
  return step.effects.filter((effect) => effect.type === type);
}

/** The `iceServers` / `authzMetadata` the path's AUTHN_ALLOWED carried, as `accept` must repeat them. */
function grantOf(world: ConnectionWorld): Record<string, unknown> {
  for (const { event } of world.steps) {
    if (event.type !== "AUTHN_ALLOWED") continue;
    const grant: Record<string, unknown> = {};
    if (event.iceServers !== undefined) grant.iceServers = event.iceServers;
    if (event.authzMetadata !== undefined) grant.authzMetadata = event.authzMetadata;
    return grant;
  }
  return {};
}

/** The frame a frame-sending effect puts on the subject's socket. */
function frameOf(world: ConnectionWorld, effect: RecordedEffect): Record<string, unknown> | undefined {
  const event = effect.event as ConnectionEvent;
  switch (effect.type) {
    case "sendAccept": {
      const isExistUser = event.type === "SLOT_GRANTED" && event.isExistUser;
      return { type: "accept", connectionId: expect.stringMatching(ULID), isExistClient: isExistUser, isExistUser, ...grantOf(world) };
    }
    case "sendReject": {
      const reason = (effect.params as { reason?: string }).reason ?? (event.type === "AUTHN_DENIED" ? event.reason : undefined);
      return { type: "reject", reason };
    }
    case "sendBye":
      return { type: "bye" };
    default:
      return undefined;
  }
}

/** The subject's clientId as the webhooks must carry it: the machine defaults it to the connection id. */
function expectIds(world: ConnectionWorld, step: ConnectionStep, request: RecordedRequest, modelClientId: string): void {
  const body = request.body as { connectionId?: unknown };
  const subject = subjectOf(world);
  const connectionId = (subject.accept?.connectionId as string | undefined) ?? body.connectionId;
  expect(connectionId).toMatch(ULID);
  expect(body.connectionId).toBe(connectionId);
  const clientId = modelClientId === CONNECTION_ID ? connectionId : modelClientId;
  expect(request.body, `${request.path} body after ${step.label}`).toEqual({ roomId: world.roomId, clientId, connectionId });
}

/** Frames, pings and webhook calls of the subject are those the machine's effects say, no more, no fewer. */
async function expectWhatTheMachineDid(world: ConnectionWorld, step: ConnectionStep): Promise<void> {
  const subject = subjectOf(world);
  const expectedFrames = step.effects.map((effect) => frameOf(world, effect)).filter((frame) => frame !== undefined);
  expect(framesOf(subject).filter((frame) => !isPing(frame)), "frames other than pings").toEqual(expectedFrames);

  const everPinged = world.steps
    .slice(0, step.index + 1)
    .some(({ expected }) => expected.matches({ active: "waiting" }) || expected.matches({ active: "paired" }));
  if (everPinged) expect(pingCount(subject)).toBeGreaterThanOrEqual(effectsOf(step, "sendPing").length);
  else expect(pingCount(subject), "pings before accept or in standalone").toBe(0);

  const authnCalls = effectsOf(step, "callAuthnWebhook").length;
  const authn = await subjectAuthnRequests(world, authnCalls);
  expect(authn, "authentication webhook calls").toHaveLength(authnCalls);
  const registered = registrationOf(world);
  for (const request of authn) expectIds(world, step, request, registered?.clientId ?? CONNECTION_ID);

  const disconnectCalls = effectsOf(step, "callDisconnectWebhook").length;
  const disconnects = await subjectDisconnectRequests(world, disconnectCalls);
  expect(disconnects, "disconnect webhook calls").toHaveLength(disconnectCalls);
  for (const request of disconnects) expectIds(world, step, request, step.expected.context.clientId);
}

/** The peer got exactly the subject's relays, byte for byte, in order (plus `bye` once released). */
async function expectPeerGot(peer: Client, frames: string[]): Promise<void> {
  await until(() => framesAfterAccept(peer).length >= frames.length, `${frames.length} frame(s) at ${peer.name}`);
  expect(framesAfterAccept(peer), `frames at ${peer.name}`).toEqual(frames);
}

/** When the subject goes, the room releases the peer it was paired with: bye (unless either is standalone), close 1000. */
async function expectPeerReleased(world: ConnectionWorld, step: ConnectionStep): Promise<void> {
  const { peer } = world;
  if (!peer || effectsOf(step, "sendAccept").length === 0) return;
  expect(await within(peer.socket.closed, `${peer.name}'s release`)).toMatchObject({ code: 1000 });
  const bye = !subjectOf(world).standalone && !peer.standalone;
  await expectPeerGot(peer, [...world.relaysForPeer, ...(bye ? [BYE_FRAME] : [])]);
}

function expectOpen(client: Client): void {
  expect(client.closedWith, `${client.name} is open`).toBeUndefined();
}

export const connectionChecks: Record<string, ConnectionCheck> = {
  "connection.active": async (world, step) => {
    // joining lasts no longer than the event that entered it: the room's answer, a reject and close too, may
    // already be on its way. The joining check looks at that answer.
    if (step.expected.matches({ active: "joining" })) return;
    expectOpen(subjectOf(world));
  },

  "connection.active.awaitingRegister": async (world, step) => {
    expect(subjectOf(world).socket.frames, "nothing is sent before register").toEqual([]);
    await expectWhatTheMachineDid(world, step);
  },

  "connection.active.authenticating": async (world, step) => {
    expect(subjectOf(world).socket.frames, "nothing is sent while the webhook decides").toEqual([]);
    await expectWhatTheMachineDid(world, step);
  },

  "connection.active.joining": async (world, step) => {
    const subject = subjectOf(world);
    await until(() => subject.socket.frames.length > 0, "the room's answer");
    expect(["accept", "reject"], "the first frame is the room's answer").toContain(framesOf(subject)[0]!.type);
    const authnCalls = effectsOf(step, "callAuthnWebhook").length;
    expect(await subjectAuthnRequests(world, authnCalls)).toHaveLength(authnCalls);
  },

  "connection.active.waiting": async (world, step) => {
    await expectWhatTheMachineDid(world, step);
    expect(subjectOf(world).accept?.isExistUser).toBe(false);
    expect(world.peer, "nobody shares the room").toBeUndefined();
  },

  "connection.active.paired": async (world, step) => {
    await expectWhatTheMachineDid(world, step);
    const peer = world.peer;
    expect(peer, "a peer shares the room").toBeDefined();
    expectOpen(peer!);
    await expectPeerGot(peer!, world.relaysForPeer);
  },

  "connection.active.standalone": async (world, step) => {
    await expectWhatTheMachineDid(world, step);
    expect(pingCount(subjectOf(world)), "standalone sockets are not pinged").toBe(0);
    if (world.peer) await expectPeerGot(world.peer, world.relaysForPeer);
  },

  "connection.tearingDown": async (world, step) => {
    const closed = await within(subjectOf(world).socket.closed, "the server's close");
    const close = effectsOf(step, "closeSocket").at(-1);
    expect(close, "the machine closed the socket").toBeDefined();
    expect(closed, "close code and reason").toEqual(close!.params);
    await expectWhatTheMachineDid(world, step);
    await expectPeerReleased(world, step);
  },

  "connection.closed": async (world, step) => {
    const closed = await within(subjectOf(world).socket.closed, "the close");
    const close = effectsOf(step, "closeSocket").at(-1);
    // Closed by the server first, or by the client: then the server echoes the client's code and reason.
    const { code, reason } = step.event as { code: number; reason: string };
    const expected = close ? close.params : { code, reason };
    expect(closed, "close code and reason").toEqual(expected);
    await expectWhatTheMachineDid(world, step);
    await expectPeerReleased(world, step);
  },
};
