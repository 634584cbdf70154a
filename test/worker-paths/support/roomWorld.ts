// The world a room-machine path is replayed in: one room and a real client per name the path uses
// (alice, bob, carol), each registering with its name as clientId.
import { expect } from "vitest";
import type { SnapshotFrom } from "xstate";
import { roomMachine } from "../../../machines/room";
import type { RoomEvent } from "../../../machines/room.types";
import { stateValueLabel } from "../../support/statecharts/pathModel";
import type { RoomPath } from "../../support/statecharts/roomPaths";
import { uniqueRoomId } from "../../support/workerSocket";
import { roomStub } from "../../worker-timers/timerClient";
import { closeQuietly, type Client } from "./clients";
import { modelSteps, type ReplayStep, type ReplayWorld } from "./replay";

export type RoomSnapshot = SnapshotFrom<typeof roomMachine>;
export type RoomStep = ReplayStep<RoomSnapshot, RoomEvent>;

export interface RoomWorld extends ReplayWorld<RoomStep> {
  roomId: string;
  /** By name: the path's connection ids. */
  clients: Map<string, Client>;
  /** What each client received from the relay checks of `paired`, by name, in order. */
  relayed: Map<string, string[]>;
  /** Clients that checked the room from outside; each joined an empty room and left it empty. */
  probes: number;
}

export function roomSteps(path: RoomPath): RoomStep[] {
  const steps = modelSteps<RoomSnapshot, RoomEvent>(roomMachine, path.input, path.steps);
  const generated = path.steps.map(({ state }) => stateValueLabel(state.value));
  expect(steps.map(({ expected }) => stateValueLabel(expected.value))).toEqual(generated);
  return steps;
}

export function createRoomWorld(path: RoomPath): RoomWorld {
  const roomId = uniqueRoomId("room-path");
  return { roomId, stub: roomStub(roomId), steps: roomSteps(path), clients: new Map(), relayed: new Map(), probes: 0 };
}

export function disposeRoomWorld(world: RoomWorld): void {
  for (const client of world.clients.values()) closeQuietly(client);
}

export function clientNamed(world: RoomWorld, name: string): Client {
  const client = world.clients.get(name);
  if (!client) throw new Error(`${name} has not connected`);
  return client;
}
