// parseClientFrame / parseRegister by example: what each kind of client frame becomes.
import { describe, expect, it } from "vitest";
import { parseClientFrame, parseRegister } from "../../src/protocol/clientFrames";

describe("parseClientFrame", () => {
  it.each(["offer", "answer", "candidate", "message"])("classifies %s as a relay frame", (type) => {
    expect(parseClientFrame(JSON.stringify({ type, sdp: "v=0" }))).toEqual({ kind: "relay", frameType: type });
  });

  it("classifies pong and connected", () => {
    expect(parseClientFrame('{"type":"pong"}')).toEqual({ kind: "pong" });
    expect(parseClientFrame('{"type":"connected"}')).toEqual({ kind: "connected" });
  });

  it.each(["ping", "bye", "accept", "reject", "hello", "Offer", ""])("classifies type %j as unexpected", (type) => {
    expect(parseClientFrame(JSON.stringify({ type }))).toEqual({ kind: "unexpected", frameType: type });
  });

  it("keeps at most 64 characters of an unexpected type (it is logged)", () => {
    const frame = parseClientFrame(JSON.stringify({ type: "t".repeat(1000) }));
    expect(frame).toEqual({ kind: "unexpected", frameType: "t".repeat(64) });
  });

  it.each([
    ["not valid JSON", "{", "not valid JSON"],
    ["not valid JSON", "", "not valid JSON"],
    ["an array", '[{"type":"offer"}]', "not a JSON object"],
    ["a number", "1", "not a JSON object"],
    ["a string", '"offer"', "not a JSON object"],
    ["null", "null", "not a JSON object"],
    ["no type", '{"sdp":"x"}', "no string type"],
    ["a numeric type", '{"type":3}', "no string type"],
    ["a null type", '{"type":null}', "no string type"],
  ])("reports %s as malformed (%j)", (_, text, problem) => {
    expect(parseClientFrame(text)).toEqual({ kind: "malformed", problem });
  });

  it("parses a register frame into a registration", () => {
    expect(parseClientFrame('{"type":"register","roomId":"r","clientId":"c"}')).toEqual({
      kind: "register",
      registration: { roomId: "r", clientId: "c" },
    });
  });
});

describe("parseRegister", () => {
  it("keeps every known field and drops unknown ones", () => {
    const frame = {
      type: "register",
      roomId: "room",
      clientId: "client",
      signalingKey: "sk",
      key: "k",
      authnMetadata: { nested: [1, { a: null }] },
      ayameClient: "ayame-web-sdk 2025.1.1",
      libwebrtc: "m120",
      environment: "Chrome",
      standalone: true,
      unknown: "ignored",
    };
    expect(parseRegister(frame)).toEqual({
      kind: "register",
      registration: {
        roomId: "room",
        clientId: "client",
        signalingKey: "sk",
        key: "k",
        authnMetadata: { nested: [1, { a: null }] },
        ayameClient: "ayame-web-sdk 2025.1.1",
        libwebrtc: "m120",
        environment: "Chrome",
        standalone: true,
      },
    });
  });

  it("leaves out absent optional fields, and null ones like Go's encoding/json", () => {
    expect(parseRegister({ type: "register", roomId: "r" })).toEqual({ kind: "register", registration: { roomId: "r" } });
    expect(parseRegister({ type: "register", roomId: "r", clientId: null, key: null, standalone: null, authnMetadata: null })).toEqual({
      kind: "register",
      registration: { roomId: "r" },
    });
  });

  it("keeps an empty clientId (the machine defaults it to the connection id) and standalone false", () => {
    expect(parseRegister({ type: "register", roomId: "r", clientId: "", standalone: false })).toEqual({
      kind: "register",
      registration: { roomId: "r", clientId: "", standalone: false },
    });
  });

  it("passes any other authnMetadata through as it is", () => {
    for (const authnMetadata of [0, "", "s", [1], { a: 1 }, false]) {
      expect(parseRegister({ type: "register", roomId: "r", authnMetadata })).toEqual({
        kind: "register",
        registration: { roomId: "r", authnMetadata },
      });
    }
  });

  it.each([
    ["roomId", { roomId: undefined }],
    ["roomId", { roomId: "" }],
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
    const frame = parseRegister({ type: "register", roomId: "r", ...override });
    expect(frame.kind).toBe("malformed");
    expect(frame.kind === "malformed" && frame.problem).toMatch(new RegExp(`^register\\.${field}: `));
  });
});
