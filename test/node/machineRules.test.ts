// The register router's closes come from the connection machine itself (src/edge/machineRules.ts).
import { describe, expect, it } from "vitest";
import { closeBeforeRegister, closeForRegisterTimeout } from "../../src/edge/machineRules";

describe("closeBeforeRegister", () => {
  it.each([
    [{ type: "MALFORMED_FRAME", at: 1, problem: "x" }, { code: 1000, reason: "protocol error: malformed frame" }],
    [{ type: "UNEXPECTED_FRAME", at: 1, frameType: "hello" }, { code: 1000, reason: "protocol error: unexpected type" }],
    [{ type: "RELAY", at: 1, frameType: "offer", raw: "{}" }, { code: 1000, reason: "protocol error: signaling before accept" }],
    [{ type: "CONNECTED", at: 1 }, { code: 1000, reason: "protocol error: connected before accept" }],
    [{ type: "OVERSIZED_FRAME", at: 1, bytes: 9 }, { code: 1009, reason: "frame too large" }],
    [{ type: "READ_TIMEOUT", at: 1 }, { code: 1000, reason: "read timeout" }],
  ] as const)("closes on %o as the machine says", (event, close) => {
    expect(closeBeforeRegister(event)).toEqual(close);
  });

  it("orders no close for a pong", () => {
    expect(closeBeforeRegister({ type: "PONG", at: 1 })).toBeUndefined();
  });

  it("closes a socket without register in time with the machine's timeout code", () => {
    expect(closeForRegisterTimeout(1)).toEqual({ code: 1000, reason: "register timeout" });
  });
});
