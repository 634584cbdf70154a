// Connection ids: ULIDs whose random part comes from a pooled crypto.getRandomValues call.
import { decodeTime } from "ulidx";
import { describe, expect, it } from "vitest";
import { newConnectionId } from "../../src/room/connectionIds";
import { defined } from "../support/defined";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe("connection ids", () => {
  const before = Date.now();
  const ids = Array.from({ length: 4_000 }, newConnectionId);
  const after = Date.now();

  it("are ULIDs with the current time, all different", () => {
    for (const id of ids) expect(id).toMatch(ULID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [defined(ids[0], "the first id"), defined(ids.at(-1), "the last id")]) {
      expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
      expect(decodeTime(id)).toBeLessThanOrEqual(after);
    }
  });

  it("draw every character of the random part about equally often, across many refills of the pool", () => {
    const counts = new Map<string, number>();
    for (const id of ids) for (const char of id.slice(10)) counts.set(char, (counts.get(char) ?? 0) + 1);
    // 64,000 characters, 2,000 expected for each of the 32 (a standard deviation is about 44).
    for (const char of CROCKFORD) {
      expect(counts.get(char) ?? 0).toBeGreaterThan(1_750);
      expect(counts.get(char) ?? 0).toBeLessThan(2_250);
    }
  });
});
