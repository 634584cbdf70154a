// Every generated path of the room machine, replayed against the real Durable Object with real clients:
// once as it comes, once with the object evicted (WebSockets hibernated) between every two steps.
import { describe, expect, it } from "vitest";
import { roomMachine } from "../../machines/room";
import { roomPaths } from "../support/statecharts/roomPaths";
import { replay, requiredCheckKeys, requiredExecutorKeys, type EvictionPlan, type ReplayTables } from "./support/replay";
import { roomChecks } from "./support/roomChecks";
import { roomExecutors } from "./support/roomExecutors";
import { createRoomWorld, disposeRoomWorld, type RoomStep, type RoomWorld } from "./support/roomWorld";

const tables: ReplayTables<RoomWorld, RoomStep> = { machine: roomMachine, executors: roomExecutors, checks: roomChecks };

const evictBetweenSteps: EvictionPlan<RoomWorld, RoomStep> = { impossibleAfter: () => undefined };

describe("room machine replay: the tables are complete", () => {
  it("has an executor for exactly the event types the machine accepts (and the start)", () => {
    expect(Object.keys(roomExecutors).sort()).toEqual(requiredExecutorKeys(roomMachine));
  });

  it("has a check for exactly the machine's states", () => {
    expect(Object.keys(roomChecks).sort()).toEqual(requiredCheckKeys(roomMachine));
  });
});

const runs: Array<[string, EvictionPlan<RoomWorld, RoomStep> | undefined]> = [
  ["replayed", undefined],
  ["replayed with the object evicted between every two steps", evictBetweenSteps],
];

for (const [run, eviction] of runs) {
  describe(`room machine paths, ${run}`, () => {
    it.each(roomPaths.map((path) => [path.description, path] as const))("%s", async (_, path) => {
      const world = createRoomWorld(path);
      try {
        await replay(world, tables, eviction);
      } finally {
        disposeRoomWorld(world);
      }
    });
  });
}
