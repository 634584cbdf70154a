// The Cloudflare Realtime TURN client (src/webhooks/turn.ts) against a real HTTP server that speaks the API
// (test/support/turnServer.ts), inside the Workers runtime. Every answer of turnScenarios.ts, the request
// it sends, the timeout, and that the API token never shows up in a result or a log line.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, inject, it } from "vitest";
import { configOf, type TurnConfig } from "../../src/config";
import { fetchTurnIceServers } from "../../src/webhooks/turn";
import { TURN_API_PATH, TURN_SCENARIOS, TURN_TEST_TOKEN, WRONG_TOKEN_STATUS } from "../support/turnScenarios";
import type { RecordedTurnRequest } from "../support/turnServer";
import { captureLogLines } from "../worker-webhooks/registering";

/** The project's TURN settings (vitest.config.ts: worker-turn), with another key id. */
function turnWith(overrides: Partial<TurnConfig> = {}): TurnConfig {
  const parsed = configOf(env);
  if (!parsed.ok || !parsed.config.turn) throw new Error("worker-turn project without TURN settings");
  return { ...parsed.config.turn, ...overrides };
}

async function recordedFor(keyId: string): Promise<RecordedTurnRequest[]> {
  const response = await fetch(`http://127.0.0.1:${inject("turnPort")}/__requests?keyId=${encodeURIComponent(keyId)}`);
  return (await response.json()) as RecordedTurnRequest[];
}

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => {
  // Whatever a test did, no line it logged may carry the token.
  const lines = logs?.lines() ?? [];
  logs?.restore();
  logs = undefined;
  expect(JSON.stringify(lines)).not.toContain(TURN_TEST_TOKEN);
});

describe("the request", () => {
  it("POSTs {ttl} as JSON to {TURN_API_URL}/{TURN_KEY_ID}/credentials/generate-ice-servers with the Bearer token", async () => {
    const keyId = "array";
    const before = (await recordedFor(keyId)).length;
    await fetchTurnIceServers(turnWith({ keyId }), 2000);
    const request = (await recordedFor(keyId))[before];
    expect(request).toEqual({
      method: "POST",
      path: `${TURN_API_PATH}/array/credentials/generate-ice-servers`,
      authorization: `Bearer ${TURN_TEST_TOKEN}`,
      contentType: "application/json",
      // TURN_CREDENTIAL_TTL_SEC of the project.
      body: { ttl: 3600 },
    });
  });
});

describe("the answer", () => {
  it.each(TURN_SCENARIOS.filter((s) => !s.hang).map((s) => [s.keyId, s] as const))("%s", async (keyId, scenario) => {
    logs = captureLogLines();
    const result = await fetchTurnIceServers(turnWith({ keyId }), 2000, { roomId: "r" });
    if (scenario.expected.kind === "ok") {
      expect(result).toStrictEqual({ kind: "ok", iceServers: scenario.expected.iceServers });
      // A success is told in the connection's summary line, not in one of its own.
      expect(logs.lines().filter((line) => line.event === "turn")).toEqual([]);
    } else {
      expect(result).toEqual({ kind: "failed", problem: expect.stringMatching(scenario.expected.problem) });
      expect(logs.lines()).toContainEqual(
        expect.objectContaining({ level: "warn", event: "turn", outcome: "failed", roomId: "r" }),
      );
    }
  });

  it("fails with the status when the token is wrong, and never mentions the token", async () => {
    logs = captureLogLines();
    const result = await fetchTurnIceServers(turnWith({ keyId: "array", apiToken: `${TURN_TEST_TOKEN}-wrong` }), 2000);
    expect(result).toEqual({ kind: "failed", problem: `status ${WRONG_TOKEN_STATUS}` });
    expect(JSON.stringify(logs.lines())).not.toContain("-wrong");
  });

  it("fails when nothing answers within the timeout", async () => {
    logs = captureLogLines();
    const result = await fetchTurnIceServers(turnWith({ keyId: "hang" }), 300);
    expect(result).toEqual({ kind: "failed", problem: "no answer within 300 ms" });
  });

  it("fails when the API cannot be reached", async () => {
    logs = captureLogLines();
    const result = await fetchTurnIceServers(turnWith({ apiUrl: "http://127.0.0.1:1/v1/turn/keys" }), 2000);
    expect(result.kind).toBe("failed");
  });
});
