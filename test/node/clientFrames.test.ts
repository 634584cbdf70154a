// parseClientFrame / frameEvent by example: the connection machine event each client frame is.
import { describe, expect, it } from "vitest";
import { frameEvent, MAX_CLIENT_ID_BYTES, parseClientFrame } from "../../src/protocol/clientFrames";

const AT = 1_234;
const parse = (frame: unknown) => parseClientFrame(JSON.stringify(frame), AT);
const problemOf = (frame: unknown) => {
  const event = parse(frame);
  if (event.type !== "MALFORMED_FRAME") throw new Error(`expected MALFORMED_FRAME, got ${event.type}`);
  return event.problem;
};

describe("parseClientFrame", () => {
  it.each(["offer", "answer", "candidate", "message"])(
    "makes %s a RELAY carrying the frame's text untouched",
    (type) => {
      const text = ` { "type" : "${type}", "sdp": "v=0\\r\\n", "extra": [1, {"x": null}] } `;
      expect(parseClientFrame(text, AT)).toEqual({ type: "RELAY", at: AT, frameType: type, raw: text });
    },
  );

  it("makes pong and connected their events, whatever else they carry", () => {
    expect(parseClientFrame('{"type":"pong"}', AT)).toEqual({ type: "PONG", at: AT });
    expect(parseClientFrame('{"type":"connected","x":1}', AT)).toEqual({ type: "CONNECTED", at: AT });
  });

  it("makes a pong with other fields or other spacing a PONG too (the web SDK's exact text skips parsing)", () => {
    expect(parseClientFrame('{ "type": "pong", "x": 1 }', AT)).toEqual({ type: "PONG", at: AT });
  });

  it.each(["ping", "bye", "accept", "reject"])("names the server-only type %s as unexpected", (type) => {
    expect(parse({ type })).toEqual({ type: "UNEXPECTED_FRAME", at: AT, frameType: type });
  });

  const otherTypes = [
    "hello",
    "Offer",
    "REGISTER",
    "",
    "t".repeat(1000),
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
  ];
  it.each(otherTypes.map((type) => [type.length > 20 ? `${type.length} characters` : JSON.stringify(type), type]))(
    "reports any other type (%s) as unknown, never echoing it",
    (_, type) => {
      expect(parse({ type })).toEqual({ type: "UNEXPECTED_FRAME", at: AT, frameType: "unknown" });
    },
  );

  it.each([
    ["not valid JSON", "{", "not valid JSON"],
    ["empty", "", "not valid JSON"],
    ["an array", '[{"type":"offer"}]', "not a JSON object"],
    ["a number", "1", "not a JSON object"],
    ["a string", '"offer"', "not a JSON object"],
    ["null", "null", "not a JSON object"],
    ["no type", '{"sdp":"x"}', "no string type"],
    ["a numeric type", '{"type":3}', "no string type"],
    ["a null type", '{"type":null}', "no string type"],
  ])("reports %s as malformed (%j)", (_, text, problem) => {
    expect(parseClientFrame(text, AT)).toEqual({ type: "MALFORMED_FRAME", at: AT, problem });
  });
});

describe("register", () => {
  it("keeps every known field and drops unknown ones", () => {
    const fields = {
      roomId: "room",
      clientId: "client",
      signalingKey: "sk",
      key: "k",
      authnMetadata: { nested: [1, { a: null }] },
      ayameClient: "ayame-web-sdk 2025.1.1",
      libwebrtc: "m120",
      environment: "Chrome",
      standalone: true,
    };
    expect(parse({ type: "register", ...fields, unknown: "ignored" })).toEqual({
      type: "REGISTER",
      at: AT,
      registration: fields,
    });
  });

  it("leaves out absent fields, and null ones like Go's encoding/json", () => {
    expect(parse({ type: "register", roomId: "r" })).toEqual({
      type: "REGISTER",
      at: AT,
      registration: { roomId: "r" },
    });
    const nulls = { clientId: null, key: null, standalone: null, authnMetadata: null };
    expect(parse({ type: "register", roomId: "r", ...nulls })).toEqual({
      type: "REGISTER",
      at: AT,
      registration: { roomId: "r" },
    });
  });

  it("keeps an empty clientId (the machine defaults it to the connection id) and standalone false", () => {
    expect(parse({ type: "register", roomId: "r", clientId: "", standalone: false })).toEqual({
      type: "REGISTER",
      at: AT,
      registration: { roomId: "r", clientId: "", standalone: false },
    });
  });

  it.each([0, "", "s", [1], { a: 1 }, false])("passes authnMetadata %j through as it is", (authnMetadata) => {
    expect(parse({ type: "register", roomId: "r", authnMetadata })).toEqual({
      type: "REGISTER",
      at: AT,
      registration: { roomId: "r", authnMetadata },
    });
  });

  it.each([
    ["roomId", { roomId: undefined }],
    ["roomId", { roomId: 5 }],
    ["clientId", { clientId: 5 }],
    ["signalingKey", { signalingKey: ["k"] }],
    ["key", { key: 1 }],
    ["ayameClient", { ayameClient: {} }],
    ["libwebrtc", { libwebrtc: false }],
    ["environment", { environment: 1 }],
    ["standalone", { standalone: "true" }],
    ["standalone", { standalone: 1 }],
  ])("reports a wrong %s as malformed, naming the field", (field, override) => {
    expect(problemOf({ type: "register", roomId: "r", ...override })).toMatch(new RegExp(`^register\\.${field}: `));
  });

  it("says what was expected, not what was received", () => {
    expect(problemOf({ type: "register", roomId: "" })).toBe("register.roomId: must not be empty");
    expect(problemOf({ type: "register", roomId: "r", clientId: 12345 })).toBe("register.clientId: expected string");
    expect(problemOf({ type: "register", roomId: "r", standalone: "yes please" })).toBe(
      "register.standalone: expected boolean",
    );
    expect(problemOf({ type: "register", roomId: "r", key: { secret: "hunter2" } })).not.toContain("hunter2");
  });
});

describe("register clientId length, in UTF-8 bytes", () => {
  const withClientId = (clientId: string) => parse({ type: "register", roomId: "r", clientId });

  it.each([
    ["ASCII", "a".repeat(255)],
    ["2-byte characters", `${"é".repeat(127)}a`],
    ["3-byte characters", "あ".repeat(85)],
    ["4-byte characters", `${"😀".repeat(63)}abc`],
  ])("accepts exactly 255 bytes of %s", (_, clientId) => {
    expect(new TextEncoder().encode(clientId).byteLength).toBe(MAX_CLIENT_ID_BYTES);
    expect(withClientId(clientId)).toEqual({ type: "REGISTER", at: AT, registration: { roomId: "r", clientId } });
  });

  it.each([
    ["ASCII", "a".repeat(256)],
    ["2-byte characters (128 of them)", "é".repeat(128)],
    ["3-byte characters (86 of them)", "あ".repeat(86)],
    ["4-byte characters (64 of them, 128 UTF-16 units)", "😀".repeat(64)],
  ])("refuses more than 255 bytes of %s, without echoing it", (_, clientId) => {
    expect(withClientId(clientId)).toEqual({
      type: "MALFORMED_FRAME",
      at: AT,
      problem: "register.clientId: longer than 255 bytes",
    });
  });
});

describe("frameEvent", () => {
  const pong = '{"type":"pong"}';

  it("parses a text frame within the limit, at the time given", () => {
    expect(frameEvent(pong, pong.length, AT)).toEqual({ type: "PONG", at: AT });
  });

  it("reports a text frame longer than the limit in UTF-16 units by its length, a lower bound of its bytes", () => {
    expect(frameEvent("é".repeat(11), 10, AT)).toEqual({ type: "OVERSIZED_FRAME", at: AT, bytes: 11 });
  });

  it("counts UTF-8 bytes of a text frame within the limit in units but over it in bytes", () => {
    const text = '{"type":"offer","sdp":"éé"}';
    const bytes = new TextEncoder().encode(text).byteLength;
    expect(bytes).toBe(text.length + 2);
    expect(frameEvent(text, bytes - 1, AT)).toEqual({ type: "OVERSIZED_FRAME", at: AT, bytes });
    expect(frameEvent(text, bytes, AT)).toEqual({ type: "RELAY", at: AT, frameType: "offer", raw: text });
  });

  it("decodes a binary frame as UTF-8 and handles it like text", () => {
    const text = '{"type":"answer","sdp":"ü"}';
    const binary = new TextEncoder().encode(text).buffer as ArrayBuffer;
    expect(frameEvent(binary, 1_000, AT)).toEqual({ type: "RELAY", at: AT, frameType: "answer", raw: text });
  });

  it("handles a binary frame of exactly the limit", () => {
    const binary = new TextEncoder().encode('{"type":"pong"}').buffer as ArrayBuffer;
    expect(frameEvent(binary, binary.byteLength, AT)).toEqual({ type: "PONG", at: AT });
  });

  it("decodes a binary frame that starts with a UTF-8 byte order mark without the mark", () => {
    const text = '{"type":"offer"}';
    const binary = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]).buffer;
    expect(frameEvent(binary, 1_000, AT)).toEqual({ type: "RELAY", at: AT, frameType: "offer", raw: text });
  });

  it("reports a binary frame over the limit by its byte length", () => {
    expect(frameEvent(new ArrayBuffer(11), 10, AT)).toEqual({ type: "OVERSIZED_FRAME", at: AT, bytes: 11 });
  });

  it("reports a binary frame that is not UTF-8 as malformed", () => {
    expect(frameEvent(new Uint8Array([0x7b, 0xff, 0x7d]).buffer, 10, AT)).toEqual({
      type: "MALFORMED_FRAME",
      at: AT,
      problem: "binary frame is not UTF-8",
    });
  });
});
