// The authentication webhook's answer as the schema reads it (src/protocol/webhooks.ts, through
// src/webhooks/authn.ts's outcome table): what the `webhook` log line says about an answer it cannot use.
// Every row of the table over real HTTP: test/worker-webhooks/authn-outcomes.test.ts.
import { describe, expect, it } from "vitest";
import { authnOutcome } from "../../src/webhooks/authn";

describe("the authentication webhook's answer", () => {
  it.each([
    ["a string", '{"allowed":"true"}'],
    ["null", '{"allowed":null}'],
  ])("fails, saying allowed must be a boolean, when allowed is %s", (_, text) => {
    expect(authnOutcome(200, text)).toEqual({ kind: "failed", problem: "allowed must be a boolean" });
  });
});
