// The data point's own limits (Analytics Engine: an index of at most 96 bytes, blobs of at most 16 KB in total):
// the index is the room id cut at a code point to 96 bytes, and even the largest facts the service keeps fit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLIENT_NAME_MAX_CHARS } from "../../machines/clientNames";
import { connectionDataPoint, firstBytes, MAX_INDEX_BYTES, type MetricsFacts } from "../../src/room/connectionMetrics";
import { defined } from "../support/defined";

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

describe("firstBytes", () => {
  it("keeps the longest prefix of whole code points that fits", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 120 }), fc.integer({ min: 0, max: 120 }), (text, max) => {
        const kept = firstBytes(text, max);
        expect(text.startsWith(kept)).toBe(true);
        expect(utf8Bytes(kept)).toBeLessThanOrEqual(max);
        if (kept.length < text.length) {
          const next = String.fromCodePoint(
            defined(text.codePointAt(kept.length), "the code point after the kept prefix"),
          );
          expect(utf8Bytes(kept + next)).toBeGreaterThan(max);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("the data point", () => {
  const worst: MetricsFacts = {
    roomId: "部".repeat(85),
    connectionId: "01M91Q60H8AXMG7REEJX54T9GT",
    clientId: "c".repeat(255),
    standalone: false,
    routing: "register",
    ayameClient: "😀".repeat(CLIENT_NAME_MAX_CHARS),
    libwebrtc: "😀".repeat(CLIENT_NAME_MAX_CHARS),
    outcome: "rejected",
    accepted: false,
    isExistUser: undefined,
    rejectReason: "😀".repeat(10_000),
    problem: undefined,
    closeCode: 1000,
    closeReason: "rejected by authentication webhook",
    closedBy: "server",
    registerToAcceptMs: undefined,
    lifetimeMs: 86_400_000,
    sent: { frames: 0, bytes: 0 },
    received: { frames: 0, bytes: 0 },
    pings: 0,
    pongs: 0,
    authn: { outcome: "denied", durationMs: 5_000 },
    turn: undefined,
    approximate: true,
    version: "0f2a6b3c-1d4e-4f5a-8b6c-7d8e9f0a1b2c",
  };

  it("fits Analytics Engine's limits with the longest room id, names and reject reason the service keeps", () => {
    const point = connectionDataPoint(worst);
    expect(utf8Bytes(defined(point.indexes, "the data point's index")[0] as string)).toBeLessThanOrEqual(
      MAX_INDEX_BYTES,
    );
    const blobs = defined(point.blobs, "the data point's blobs");
    const blobBytes = blobs.reduce((sum: number, blob) => sum + utf8Bytes(blob as string), 0);
    expect(blobBytes).toBeLessThan(1_500);
    expect(blobs.length).toBeLessThanOrEqual(20);
    expect(defined(point.doubles, "the data point's doubles").length).toBeLessThanOrEqual(20);
  });

  it("writes the whole room id as a blob and its first 96 bytes as the index", () => {
    const point = connectionDataPoint(worst);
    expect(point.blobs).toContain(worst.roomId);
    expect(point.indexes).toEqual(["部".repeat(32)]);
  });

  it("never writes the client id, the close reason or what was wrong", () => {
    const written = JSON.stringify(
      connectionDataPoint({
        ...worst,
        clientId: "secret-client",
        closeReason: "secret-reason",
        problem: "secret-problem",
      }),
    );
    expect(written).not.toMatch(/secret-/);
  });
});
