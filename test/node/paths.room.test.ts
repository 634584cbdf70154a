// Every generated path through the room machine, as the pure machine answers it: the checks say what must
// hold in each state from the messages the room sent so far (each addressed `to` one connection).
import { describe, expect, it } from "vitest";
import { roomMachine } from "../../machines/room";
import { defined } from "../support/defined";
import { acceptedEventTypesOf, stateIdsOf } from "../support/statecharts/machineDefinition";
import type { Effect } from "../support/statecharts/pathModel";
import { type RoomSnapshot, roomPaths, roomPayloads } from "../support/statecharts/roomPaths";

interface Run {
  snapshot: RoomSnapshot;
  effects: Effect[];
}

const occupantIds = ({ snapshot }: Run) => snapshot.context.occupants.map((occupant) => occupant.connectionId);
const addressees = ({ effects }: Run, type: string) =>
  effects.filter((effect) => effect.type === type).map(({ params }) => params.to);
/** Every pairing announced to the first occupant ends with its survivor released, before the room is free. */
const pairingsStillOpen = (run: Run) => addressees(run, "PEER_JOINED").length - addressees(run, "PEER_LEFT").length;

const checks: Record<string, (run: Run) => void> = {
  "room.empty": (run) => {
    expect(occupantIds(run)).toEqual([]);
    expect(pairingsStillOpen(run)).toBe(0);
  },
  "room.waiting": (run) => {
    const [occupant, ...others] = occupantIds(run);
    expect(others).toEqual([]);
    expect(addressees(run, "SLOT_GRANTED").at(-1), "the occupant holds the last slot granted").toBe(occupant);
    expect(pairingsStillOpen(run)).toBe(0);
  },
  "room.paired": (run) => {
    const occupants = occupantIds(run);
    expect(occupants).toHaveLength(2);
    expect(addressees(run, "SLOT_GRANTED").slice(-2), "both occupants hold the last two slots granted").toEqual(
      occupants,
    );
    expect(addressees(run, "PEER_JOINED").at(-1), "the first occupant heard of the second").toBe(occupants[0]);
    expect(pairingsStillOpen(run)).toBe(1);
    for (const refused of addressees(run, "SLOT_REFUSED")) expect(occupants).not.toContain(refused);
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
  it.each(roomPaths.map((path) => [path.description, path] as const))("%s", (_, path) => {
    path.steps.forEach((step, index) => {
      const run = { snapshot: step.state, effects: path.steps.slice(0, index + 1).flatMap(({ effects }) => effects) };
      try {
        defined(checks[`room.${step.state.value}`], `a check for room.${step.state.value}`)(run);
      } catch (error) {
        throw Object.assign(error as Error, { message: `after ${step.label}: ${(error as Error).message}` });
      }
    });
  });
});
