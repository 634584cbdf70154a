// The register router's closes come from the connection machine itself (src/edge/machineRules.ts).
import { describe, expect, it } from "vitest";
import { closeBeforeRegister, closeForRegisterTimeout } from "../../src/edge/machineRules";

describe("closeBeforeRegister", () => {
  it.each([
    [{ type: "MALFORMED_FRAME", at: 1, problem: "x" }, { code: 1000, reason: "protocol error: malformed frame", outcome: "protocolError" }],
    [{ type: "UNEXPECTED_FRAME", at: 1, frameType: "hello" }, { code: 1000, reason: "protocol error: unexpected type", outcome: "protocolError" }],
    [{ type: "RELAY", at: 1, frameType: "offer", raw: "{}" }, { code: 1000, reason: "protocol error: signaling before accept", outcome: "protocolError" }],
    [{ type: "CONNECTED", at: 1 }, { code: 1000, reason: "protocol error: connected before accept", outcome: "protocolError" }],
    [{ type: "OVERSIZED_FRAME", at: 1, bytes: 9 }, { code: 1009, reason: "frame too large", outcome: "protocolError" }],
    [{ type: "READ_TIMEOUT", at: 1 }, { code: 1000, reason: "read timeout", outcome: "timeout" }],
  ] as const)("closes on %o as the machine says", (event, close) => {
    expect(closeBeforeRegister(event)).toEqual(close);
  });

  it("orders no close for a pong", () => {
    expect(closeBeforeRegister({ type: "PONG", at: 1 })).toBeUndefined();
  });

  it("closes a socket without register in time as the machine's register deadline does", () => {
    expect(closeForRegisterTimeout(1)).toEqual({ code: 1000, reason: "register timeout", outcome: "timeout" });
  });
});
