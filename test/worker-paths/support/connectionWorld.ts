// The world a connection-machine path is replayed in: one room, the socket under test (the "subject"),
// helper clients that arrange the room around it, and the webhook server's view of the room.
import { expect } from "vitest";
import type { SnapshotFrom } from "xstate";
import { connectionMachine } from "../../../machines/connection";
import type { ConnectionEvent, ConnectionSettings, Registration } from "../../../machines/connection.types";
import type { Config } from "../../../src/config";
import { connectionPayloads, ROOM_ID, type ConnectionPath } from "../../support/statecharts/connectionPaths";
import { stateValueLabel } from "../../support/statecharts/pathModel";
import { AUTHN_PATH, DISCONNECT_PATH, release, requests, scriptAuthn, type RecordedRequest } from "../../support/webhookControl";
import { uniqueRoomId } from "../../support/workerSocket";
import { roomStub } from "../../worker-timers/timerClient";
import { unreachableStep } from "./allowList";
import { closeQuietly, type Client } from "./clients";
import { modelSteps, type InitEvent, type ReplayStep, type ReplayWorld } from "./replay";

export type ConnectionSnapshot = SnapshotFrom<typeof connectionMachine>;
export type ConnectionStep = ReplayStep<ConnectionSnapshot, ConnectionEvent>;

/** Helpers, by role: the first and second occupant arranged before the subject registers, and a later one. */
export const HELPERS = { first: "peer-1", second: "peer-2", joiner: "joiner" } as const;

export interface ConnectionWorld extends ReplayWorld<ConnectionStep> {
  roomId: string;
  config: Config;
  settings: ConnectionSettings;
  subject?: Client;
  /** When the subject last sent a frame: its read deadline counts from there. */
  subjectLastSentAt: number;
  helpers: Client[];
  /** The helper that shares the room with the subject, until it leaves. */
  peer?: Client;
  /** The relays the peer must have received from the subject, in order, byte for byte. */
  relaysForPeer: string[];
  /** A path that ends in PEER_LEFT(no bye) needs a standalone peer. */
  peerStandalone: boolean;
}

function eventOf(step: { event: ConnectionEvent | InitEvent }): ConnectionEvent | undefined {
  return step.event.type === "xstate.init" ? undefined : (step.event as ConnectionEvent);
}

/**
 * The moves to replay: the path's own, except where the real system cannot deliver an event (allowList.ts);
 * there the room's answer is inserted first. `adjustedAs` describes the replayed moves when they differ.
 */
export function connectionReplayMoves(path: ConnectionPath): {
  moves: Array<{ label: string; event: ConnectionEvent | InitEvent }>;
  adjustedAs?: string;
} {
  const moves: Array<{ label: string; event: ConnectionEvent | InitEvent }> = [];
  let adjusted = false;
  path.steps.forEach((step, index) => {
    const before = path.steps[index - 1]?.state;
    const stateId = before && (before._nodes.at(-1)?.id as string | undefined);
    if (before && stateId && unreachableStep(stateId, step.event.type)) {
      if (path.steps.some(({ label }) => label === "SLOT_GRANTED(peer there)" || label === "SLOT_REFUSED")) {
        throw new Error(`${path.description}: the inserted room answer assumes an empty room`);
      }
      const alone = connectionPayloads.SLOT_GRANTED(before).find(({ label }) => label === "SLOT_GRANTED(alone)")!;
      moves.push(alone);
      adjusted = true;
    }
    moves.push({ label: step.label, event: step.event as ConnectionEvent | InitEvent });
  });
  return adjusted ? { moves, adjustedAs: moves.slice(1).map(({ label }) => label).join(" → ") } : { moves };
}

export function connectionSteps(path: ConnectionPath): ConnectionStep[] {
  const { moves, adjustedAs } = connectionReplayMoves(path);
  const steps = modelSteps<ConnectionSnapshot, ConnectionEvent>(connectionMachine, path.input, moves);
  if (!adjustedAs) {
    // The generated path and the recorded run must agree, or the checks would test something else.
    const generated = path.steps.map(({ state }) => stateValueLabel(state.value));
    expect(steps.map(({ expected }) => stateValueLabel(expected.value))).toEqual(generated);
  }
  return steps;
}

export async function createConnectionWorld(path: ConnectionPath, config: Config): Promise<ConnectionWorld> {
  const roomId = uniqueRoomId("path");
  const world: ConnectionWorld = {
    roomId,
    stub: roomStub(roomId),
    steps: connectionSteps(path),
    config,
    settings: path.input.settings,
    subjectLastSentAt: Date.now(),
    helpers: [],
    relaysForPeer: [],
    peerStandalone: path.steps.some(({ event }) => event.type === "PEER_LEFT" && !event.sendBye),
  };
  // Helpers are let in at once; the subject's own answer is scripted (and held) by its REGISTER step.
  if (world.settings.authnEnabled) {
    for (const clientId of Object.values(HELPERS)) {
      await scriptAuthn(roomId, { status: 200, json: { allowed: true } }, { clientId });
    }
  }
  return world;
}

export async function disposeConnectionWorld(world: ConnectionWorld): Promise<void> {
  closeQuietly(world.subject);
  for (const helper of world.helpers) closeQuietly(helper);
  // Answers still held for a socket that is gone by now: the object drops them.
  if (world.settings.authnEnabled) await release(world.roomId);
}

export function subjectOf(world: ConnectionWorld): Client {
  if (!world.subject) throw new Error("the subject has not connected");
  return world.subject;
}

export function sendFromSubject(world: ConnectionWorld, frame: unknown): void {
  world.subjectLastSentAt = Date.now();
  subjectOf(world).socket.send(frame);
}

/** The registration of the path's first REGISTER step. */
export function registrationOf(world: ConnectionWorld): Registration | undefined {
  for (const step of world.steps) {
    const event = eventOf(step);
    if (event?.type === "REGISTER") return event.registration;
  }
  return undefined;
}

/** The real room id a payload's room id stands for. */
export function realRoomId(world: ConnectionWorld, payloadRoomId: string): string {
  return payloadRoomId === ROOM_ID ? world.roomId : `${world.roomId}-elsewhere`;
}

function isHelperRequest(world: ConnectionWorld, request: RecordedRequest): boolean {
  const connectionId = (request.body as { connectionId?: unknown } | undefined)?.connectionId;
  return world.helpers.some((helper) => helper.accept?.connectionId === connectionId);
}

/**
 * The subject's requests to one webhook, once at least `atLeast` have arrived. Every helper is admitted (so
 * its connection id is known) before the subject can cause a webhook call.
 */
export async function subjectRequests(world: ConnectionWorld, path: string, atLeast = 0): Promise<RecordedRequest[]> {
  let mine: RecordedRequest[] = [];
  const read = async () => {
    mine = (await requests(world.roomId, { path })).filter((request) => !isHelperRequest(world, request));
    return mine.length >= atLeast;
  };
  const deadline = Date.now() + 8000;
  while (!(await read())) {
    if (Date.now() > deadline) throw new Error(`expected at least ${atLeast} ${path} request(s) from the subject, got ${mine.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return mine;
}

export const subjectAuthnRequests = (world: ConnectionWorld, atLeast = 0) => subjectRequests(world, AUTHN_PATH, atLeast);
export const subjectDisconnectRequests = (world: ConnectionWorld, atLeast = 0) => subjectRequests(world, DISCONNECT_PATH, atLeast);
