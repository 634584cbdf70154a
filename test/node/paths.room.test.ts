// Every generated path through the room machine, run in a real actor with recorded effects.
import { describe, expect, it } from "vitest";
import { roomMachine } from "../../machines/room";
import type { RoomEvent } from "../../machines/room.types";
import { acceptedEventTypesOf, stateIdsOf } from "../support/statecharts/machineDefinition";
import { countEffects, runPathOnPureMachine, type PureRun, type StateChecks } from "../support/statecharts/pureMachineRun";
import { roomPayloads, roomPaths, type RoomSnapshot } from "../support/statecharts/roomPaths";

type Run = PureRun<RoomSnapshot>;

function occupantIds({ snapshot }: Run): string[] {
  return snapshot.context.occupants.map((occupant) => occupant.connectionId);
}

function connectionIdsOf(run: Run, effect: string): string[] {
  return run.effects
    .filter(({ type }) => type === effect)
    .map(({ event }) => (event as RoomEvent).connectionId);
}

/** Every pairing announced to the first occupant ends with its survivor released, before the room is free. */
function pairingsStillOpen(run: Run): number {
  return countEffects(run.effects, "notifyPeerJoined") - countEffects(run.effects, "releaseSurvivor");
}

const checks: StateChecks<RoomSnapshot> = {
  "room.empty": (run) => {
    expect(occupantIds(run)).toEqual([]);
    expect(pairingsStillOpen(run)).toBe(0);
  },
  "room.waiting": (run) => {
    const [occupant, ...others] = occupantIds(run);
    expect(others).toEqual([]);
    expect(connectionIdsOf(run, "grantSlot").at(-1), "the occupant holds the last slot granted").toBe(occupant);
    expect(pairingsStillOpen(run)).toBe(0);
  },
  "room.paired": (run) => {
    const occupants = occupantIds(run);
    expect(occupants).toHaveLength(2);
    expect(connectionIdsOf(run, "grantSlot").slice(-2), "both occupants hold the last two slots granted").toEqual(occupants);
    expect(pairingsStillOpen(run)).toBe(1);
    for (const refused of connectionIdsOf(run, "refuseSlot")) expect(occupants).not.toContain(refused);
  },
};

describe("room machine: the path table is complete", () => {
  it("has payloads for exactly the event types the machine accepts", () => {
    expect(Object.keys(roomPayloads).sort()).toEqual(acceptedEventTypesOf(roomMachine));
  });

  it("has a check for every state", () => {
    expect(Object.keys(checks).sort()).toEqual(stateIdsOf(roomMachine).sort());
  });

  it("names every path differently", () => {
    const descriptions = roomPaths.map((path) => path.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });
});

describe("room machine paths", () => {
  it.each(roomPaths.map((path) => [path.description, path] as const))("%s", async (_, path) => {
    await runPathOnPureMachine(roomMachine, path, checks);
  });
});
