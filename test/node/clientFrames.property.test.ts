// Properties of the frame parser over arbitrary input: it never throws, makes every input an event at the
// time given, forwards relay frames untouched, and never repeats what the client sent in a problem string.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConnectionEventType } from "../../machines/connection.types";
import { frameEvent, MAX_CLIENT_ID_BYTES, parseClientFrame } from "../../src/protocol/clientFrames";
import { roomIdProblem } from "../../src/protocol/roomId";

const FRAME_EVENTS: ConnectionEventType[] = [
  "REGISTER",
  "PONG",
  "RELAY",
  "CONNECTED",
  "UNEXPECTED_FRAME",
  "MALFORMED_FRAME",
];
const CLIENT_TYPES = ["register", "pong", "connected", "offer", "answer", "candidate", "message"];
const SERVER_TYPES = ["ping", "bye", "accept", "reject"];
const at = fc.integer({ min: 0, max: 2 ** 45 });
const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.jsonValue(), { minLength: 1 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
);
const longString = fc.string({ unit: "binary", minLength: 4, maxLength: 2_000 });
/** A register field and a value of the wrong type for it (or too long). */
const wrongField = fc.oneof(
  fc.tuple(fc.constantFrom("roomId", "signalingKey", "key", "ayameClient", "libwebrtc", "environment"), notAString),
  fc.tuple(
    fc.constant("clientId"),
    fc.oneof(notAString, fc.string({ unit: "binary", minLength: 256, maxLength: 3_000 })),
  ),
  fc.tuple(
    fc.constant("standalone"),
    fc.oneof(
      longString,
      fc.integer(),
      fc.array(fc.jsonValue(), { minLength: 1 }),
      fc.dictionary(fc.string(), fc.jsonValue()),
    ),
  ),
);

// Generous timeout: fast-check runs 100 cases per property, and CI shares two cores with workerd.
describe("parseClientFrame", { timeout: 60_000 }, () => {
  it("makes any string a frame event at the time given, without throwing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), at, (text, time) => {
        const event = parseClientFrame(text, time);
        expect(FRAME_EVENTS).toContain(event.type);
        expect(event.at).toBe(time);
      }),
    );
  });

  it("makes any JSON value a frame event without throwing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(FRAME_EVENTS).toContain(parseClientFrame(JSON.stringify(value), 1).type);
      }),
    );
  });

  it("makes any object with a relay type a RELAY carrying its exact text, whatever else it carries", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("offer", "answer", "candidate", "message"),
        fc.dictionary(fc.string(), fc.jsonValue()),
        at,
        (type, extra, time) => {
          const text = JSON.stringify({ ...extra, type });
          expect(parseClientFrame(text, time)).toEqual({ type: "RELAY", at: time, frameType: type, raw: text });
        },
      ),
    );
  });

  it("reports JSON that is not an object with a string type as malformed", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue().filter((value) => typeof value !== "object" || value === null || Array.isArray(value)),
          fc.record({ type: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string())) }),
        ),
        (value) => {
          expect(parseClientFrame(JSON.stringify(value), 1).type).toBe("MALFORMED_FRAME");
        },
      ),
    );
  });

  it("never echoes an unknown type: it is reported as unknown", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }).filter((type) => ![...CLIENT_TYPES, ...SERVER_TYPES].includes(type)),
        (type) => {
          expect(parseClientFrame(JSON.stringify({ type, sdp: "x" }), 1)).toEqual({
            type: "UNEXPECTED_FRAME",
            at: 1,
            frameType: "unknown",
          });
        },
      ),
    );
  });

  it("accepts any register whose fields have the right types and keeps them", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((roomId) => roomIdProblem(roomId) === undefined),
        fc.option(fc.string({ unit: "binary", maxLength: 63 }), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.option(
          fc.jsonValue().filter((value) => value !== null),
          { nil: undefined },
        ),
        (roomId, clientId, standalone, authnMetadata) => {
          const event = parseClientFrame(
            JSON.stringify({ type: "register", roomId, clientId, standalone, authnMetadata }),
            1,
          );
          expect(event.type).toBe("REGISTER");
          if (event.type !== "REGISTER") return;
          expect(event.registration).toEqual(
            JSON.parse(JSON.stringify({ roomId, clientId, standalone, authnMetadata })),
          );
        },
      ),
    );
  });

  it("refuses a register whose roomId breaks the room id rule, naming the rule and never the id", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }).filter((roomId) => roomIdProblem(roomId) !== undefined),
        (roomId) => {
          const event = parseClientFrame(JSON.stringify({ type: "register", roomId }), 1);
          expect(event).toEqual({
            type: "MALFORMED_FRAME",
            at: 1,
            problem: `register.roomId: ${roomIdProblem(roomId)}`,
          });
        },
      ),
    );
  });

  it("accepts a clientId exactly when it has at most 255 UTF-8 bytes, whatever its UTF-16 length", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "é", "あ", "😀"), minLength: 50, maxLength: 150 }),
        (clientId) => {
          const event = parseClientFrame(JSON.stringify({ type: "register", roomId: "r", clientId }), 1);
          expect(event.type).toBe(utf8Bytes(clientId) <= MAX_CLIENT_ID_BYTES ? "REGISTER" : "MALFORMED_FRAME");
        },
      ),
    );
  });

  it("names the wrong field in a short problem that never contains the value received", () => {
    fc.assert(
      fc.property(wrongField, ([field, value]) => {
        const event = parseClientFrame(JSON.stringify({ type: "register", roomId: "r", [field]: value }), 1);
        expect(event.type).toBe("MALFORMED_FRAME");
        if (event.type !== "MALFORMED_FRAME") return;
        expect(event.problem.startsWith(`register.${field}: `)).toBe(true);
        expect(event.problem.length).toBeLessThan(120);
        const received = JSON.stringify(value);
        if (received.length > 3) expect(event.problem).not.toContain(received);
      }),
    );
  });

  it("keeps problems short and free of received strings for registers with arbitrary fields", () => {
    const fields = [
      "roomId",
      "clientId",
      "signalingKey",
      "key",
      "authnMetadata",
      "ayameClient",
      "libwebrtc",
      "environment",
      "standalone",
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields), fc.oneof(fc.jsonValue(), longString)), (frame) => {
        const event = parseClientFrame(JSON.stringify({ ...frame, type: "register" }), 1);
        if (event.type !== "MALFORMED_FRAME") return;
        expect(event.problem.length).toBeLessThan(120);
        for (const value of Object.values(frame)) {
          const received = JSON.stringify(value);
          if (received.length > 3) expect(event.problem).not.toContain(received);
        }
      }),
    );
  });
});

describe("frameEvent", { timeout: 60_000 }, () => {
  it("reports a string longer than the limit in UTF-16 units as oversized by its length, without encoding it", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 400 }),
        (text, limit) => {
          fc.pre(text.length > limit);
          expect(frameEvent(text, limit, 1)).toEqual({ type: "OVERSIZED_FRAME", at: 1, bytes: text.length });
        },
      ),
    );
  });

  it("otherwise reports a string as oversized exactly when its UTF-8 bytes exceed the limit, with the exact count", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.integer({ min: 1, max: 800 }), (text, limit) => {
        fc.pre(text.length <= limit);
        const bytes = utf8Bytes(text);
        const event = frameEvent(text, limit, 1);
        if (bytes > limit) expect(event).toEqual({ type: "OVERSIZED_FRAME", at: 1, bytes });
        else expect(event).toEqual(parseClientFrame(text, 1));
      }),
    );
  });
});
