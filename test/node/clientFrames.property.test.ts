// Properties of the frame parser over arbitrary input: it never throws, classifies every input, and
// leaves relay frames to be forwarded untouched.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseClientFrame } from "../../src/protocol/clientFrames";

const KINDS = ["register", "pong", "relay", "connected", "unexpected", "malformed"];

// Generous timeout: fast-check runs 100 cases per property, and CI shares two cores with workerd.
describe("parseClientFrame", { timeout: 60_000 }, () => {
  it("classifies any string without throwing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(KINDS).toContain(parseClientFrame(text).kind);
      }),
    );
  });

  it("classifies any JSON value without throwing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(KINDS).toContain(parseClientFrame(JSON.stringify(value)).kind);
      }),
    );
  });

  it("treats any object with a relay type as a relay frame, whatever else it carries", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("offer", "answer", "candidate", "message"),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (type, extra) => {
          const frame = parseClientFrame(JSON.stringify({ ...extra, type }));
          expect(frame).toEqual({ kind: "relay", frameType: type });
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
          expect(parseClientFrame(JSON.stringify(value)).kind).toBe("malformed");
        },
      ),
    );
  });

  it("accepts any register whose fields have the right types and keeps them", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.option(fc.string(), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.option(fc.jsonValue(), { nil: undefined }),
        (roomId, clientId, standalone, authnMetadata) => {
          const frame = parseClientFrame(JSON.stringify({ type: "register", roomId, clientId, standalone, authnMetadata }));
          expect(frame.kind).toBe("register");
          if (frame.kind !== "register") return;
          expect(frame.registration.roomId).toBe(roomId);
          expect(frame.registration.clientId).toBe(clientId);
          expect(frame.registration.standalone).toBe(standalone);
        },
      ),
    );
  });
});
