// When the room writes its one alarm (src/room/alarmRule.ts): only to move it earlier. The writes themselves,
// counted on the real storage, are in test/worker-limits/deadlines.test.ts and faults.test.ts.
import { describe, expect, it } from "vitest";
import { alarmToWrite, nextRetryDelay, RETRY_FIRST_MS } from "../../src/room/alarmRule";

describe("alarmToWrite", () => {
  it("writes nothing when no deadline runs, whatever is armed", () => {
    expect([alarmToWrite(undefined, null), alarmToWrite(null, null), alarmToWrite(1_000, null)]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it("writes the earliest deadline when no alarm is armed", () => {
    expect(alarmToWrite(null, 1_000)).toBe(1_000);
  });

  it("writes the earliest deadline when what is armed is unknown (after a wake-up)", () => {
    expect(alarmToWrite(undefined, 1_000)).toBe(1_000);
  });

  it("moves an armed alarm earlier", () => {
    expect(alarmToWrite(2_000, 1_999)).toBe(1_999);
  });

  it("keeps an alarm armed at the earliest deadline", () => {
    expect(alarmToWrite(1_000, 1_000)).toBeNull();
  });

  it("keeps an alarm armed before the earliest deadline: it fires early and re-arms", () => {
    expect(alarmToWrite(1_000, 1_001)).toBeNull();
  });

  it("counts an alarm armed at 0 (the epoch) as armed", () => {
    expect(alarmToWrite(0, 1_000)).toBeNull();
  });
});

describe("nextRetryDelay", () => {
  it("doubles the wait after each failed write, from 50 ms", () => {
    expect(RETRY_FIRST_MS).toBe(50);
    expect([nextRetryDelay(50), nextRetryDelay(100), nextRetryDelay(1_600)]).toEqual([100, 200, 3_200]);
  });

  it("never waits more than 5 s", () => {
    expect([nextRetryDelay(2_500), nextRetryDelay(3_200), nextRetryDelay(5_000)]).toEqual([5_000, 5_000, 5_000]);
  });
});
