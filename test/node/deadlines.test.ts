// The deadline table: which deadline comes first, which one is due (by precedence), and how read deadlines
// are rounded so that a busy socket's persisted state rarely changes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEADLINES,
  type Deadlines,
  dueDeadlineEvent,
  earliestDeadline,
  firstPingAt,
  NO_DEADLINES,
  nextPingAfter,
  readDeadlineAfter,
} from "../../machines/deadlines";
import { defined } from "../support/defined";

const ALL_DUE: Deadlines = { close: 50, register: 40, read: 30, pong: 20, ping: 10 };

describe("earliestDeadline", () => {
  it("is null when no deadline runs", () => {
    expect(earliestDeadline(NO_DEADLINES)).toBeNull();
  });

  it("is the earliest running deadline, whichever it is", () => {
    expect(earliestDeadline(ALL_DUE)).toBe(10);
    expect(earliestDeadline({ ...NO_DEADLINES, close: 7 })).toBe(7);
    expect(earliestDeadline({ ...NO_DEADLINES, register: 900, read: 300 })).toBe(300);
  });

  it("counts a deadline at 0 (epoch) as running", () => {
    expect(earliestDeadline({ ...NO_DEADLINES, read: 0, ping: 5 })).toBe(0);
  });
});

describe("dueDeadlineEvent", () => {
  it("is null when nothing runs or nothing has passed", () => {
    expect(dueDeadlineEvent(NO_DEADLINES, 1_000)).toBeNull();
    expect(dueDeadlineEvent(ALL_DUE, 9)).toBeNull();
  });

  it("is due at the deadline itself, and carries the time it is delivered", () => {
    expect(dueDeadlineEvent({ ...NO_DEADLINES, ping: 10 }, 10)).toEqual({ type: "PING_DUE", at: 10 });
    expect(dueDeadlineEvent({ ...NO_DEADLINES, ping: 10 }, 25)).toEqual({ type: "PING_DUE", at: 25 });
  });

  it.each<[keyof Deadlines, string]>([
    ["close", "CLOSE_TIMEOUT"],
    ["register", "REGISTER_TIMEOUT"],
    ["read", "READ_TIMEOUT"],
    ["pong", "PONG_TIMEOUT"],
    ["ping", "PING_DUE"],
  ])("turns %s into %s", (name, type) => {
    expect(dueDeadlineEvent({ ...NO_DEADLINES, [name]: 5 }, 5)?.type).toBe(type);
  });

  it("takes close before register before read before pong before ping when several passed", () => {
    const order: string[] = [];
    let deadlines = { ...ALL_DUE };
    for (let event = dueDeadlineEvent(deadlines, 100); event; event = dueDeadlineEvent(deadlines, 100)) {
      const { type } = event;
      order.push(type);
      const name = defined(
        (Object.keys(DEADLINES) as Array<keyof Deadlines>).find((key) => DEADLINES[key] === type),
        `the deadline of ${type}`,
      );
      deadlines = { ...deadlines, [name]: null };
    }
    expect(order).toEqual(["CLOSE_TIMEOUT", "REGISTER_TIMEOUT", "READ_TIMEOUT", "PONG_TIMEOUT", "PING_DUE"]);
  });

  it("prefers a passed deadline of higher precedence over an earlier one of lower precedence", () => {
    expect(dueDeadlineEvent({ ...NO_DEADLINES, ping: 1, read: 99 }, 100)?.type).toBe("READ_TIMEOUT");
  });

  it("skips a deadline of higher precedence that has not passed yet", () => {
    expect(dueDeadlineEvent({ ...NO_DEADLINES, close: 200, ping: 1 }, 100)?.type).toBe("PING_DUE");
  });
});

describe("readDeadlineAfter", () => {
  it("rounds up to whole seconds for timeouts of ten seconds and more", () => {
    expect(readDeadlineAfter(1_234, 90_000)).toBe(92_000);
    expect(readDeadlineAfter(1_000, 90_000)).toBe(91_000);
    expect(readDeadlineAfter(0, 10_000)).toBe(10_000);
  });

  it("rounds up to a tenth of a shorter timeout", () => {
    expect(readDeadlineAfter(1_234, 1_500)).toBe(2_850);
    expect(readDeadlineAfter(0, 1_500)).toBe(1_500);
  });

  it("uses a quantum of at least 1 ms for tiny timeouts", () => {
    expect(readDeadlineAfter(7, 5)).toBe(12);
  });

  it("is never earlier than the timeout and later by less than one quantum, on the quantum grid", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 42 }), fc.integer({ min: 1, max: 3_600_000 }), (at, timeout) => {
        const quantum = Math.min(1000, Math.max(1, Math.floor(timeout / 10)));
        const deadline = readDeadlineAfter(at, timeout);
        expect(deadline).toBeGreaterThanOrEqual(at + timeout);
        expect(deadline - (at + timeout)).toBeLessThan(quantum);
        expect(deadline % quantum).toBe(0);
      }),
    );
  });

  it("gives the same deadline to reads within one quantum (so the attachment is not rewritten)", () => {
    expect(readDeadlineAfter(1_001, 90_000)).toBe(readDeadlineAfter(1_999, 90_000));
    expect(readDeadlineAfter(2_001, 90_000)).toBeGreaterThan(readDeadlineAfter(1_999, 90_000));
  });
});

describe("the ping grid", () => {
  it("puts the first ping on the first multiple of the interval at least half an interval after accept", () => {
    expect(firstPingAt(0, 5_000)).toBe(5_000);
    expect(firstPingAt(2_500, 5_000)).toBe(5_000);
    expect(firstPingAt(2_501, 5_000)).toBe(10_000);
    expect(firstPingAt(4_999, 5_000)).toBe(10_000);
  });

  it("keeps later pings on the grid, however late the alarm ran", () => {
    expect(nextPingAfter(10_000, 5_000)).toBe(15_000);
    expect(nextPingAfter(10_020, 5_000)).toBe(15_000);
    expect(nextPingAfter(14_999, 5_000)).toBe(15_000);
  });
});
