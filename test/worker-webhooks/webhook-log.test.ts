// One line per authentication call (info, or warn when it failed) and per failed disconnect call: which
// webhook, status or error, duration, outcome; a successful disconnect call is not logged. The connection's
// summary line carries the authentication outcome too. Never the credentials the request carries.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defined } from "../support/defined";
import { DISCONNECT_PATH, requests, script, scriptAuthn, type WebhookAnswer } from "../support/webhookControl";
import { uniqueRoomId } from "../support/workerSocket";
import { captureLogLines, outcomeOf, register } from "./registering";

let capture: ReturnType<typeof captureLogLines>;
beforeEach(() => {
  capture = captureLogLines();
});
afterEach(() => capture.restore());

function webhookLines(roomId: string, webhook: "authn" | "disconnect"): Array<Record<string, unknown>> {
  return capture
    .lines()
    .filter((line) => line.event === "webhook" && line.webhook === webhook && line.roomId === roomId);
}

function summary(roomId: string): Record<string, unknown> | undefined {
  return capture.lines().find((line) => line.event === "connection" && line.roomId === roomId);
}

async function oneLine(roomId: string, webhook: "authn" | "disconnect"): Promise<Record<string, unknown>> {
  await vi.waitFor(() => expect(webhookLines(roomId, webhook)).toHaveLength(1), { timeout: 5000 });
  return defined(webhookLines(roomId, webhook)[0], `the ${webhook} webhook line`);
}

/** Registers (with a secret key and metadata), reads the outcome, closes; resolves with the connection id if accepted. */
async function registerAndLeave(roomId: string): Promise<void> {
  const socket = await register(roomId, {
    clientId: "c",
    signalingKey: "SECRET-KEY",
    authnMetadata: { token: "SECRET-META" },
  });
  await outcomeOf(socket);
  socket.close();
  await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
}

describe("authentication webhook", () => {
  it("logs an allowed call at info with status, duration and outcome, and no credentials; the summary tells it too", async () => {
    const roomId = uniqueRoomId("log-authn-allowed");
    await registerAndLeave(roomId);
    expect(await oneLine(roomId, "authn")).toStrictEqual({
      level: "info",
      event: "webhook",
      webhook: "authn",
      roomId,
      clientId: "c",
      connectionId: expect.any(String),
      status: 200,
      durationMs: expect.any(Number),
      outcome: "allowed",
    });
    await vi.waitFor(() => expect(summary(roomId)).toBeDefined(), { timeout: 5000 });
    expect(summary(roomId)).toMatchObject({
      clientId: "c",
      accepted: true,
      authn: { outcome: "allowed", durationMs: expect.any(Number) },
    });
    expect(JSON.stringify(capture.lines())).not.toMatch(/SECRET-KEY|SECRET-META/);
  });

  it("logs a denial at info with outcome denied; the summary has the reason the client got", async () => {
    const roomId = uniqueRoomId("log-authn-denied");
    await scriptAuthn(roomId, { status: 200, json: { allowed: false, reason: "no" } });
    await registerAndLeave(roomId);
    expect(await oneLine(roomId, "authn")).toMatchObject({ level: "info", status: 200, outcome: "denied" });
    await vi.waitFor(() => expect(summary(roomId)).toBeDefined(), { timeout: 5000 });
    expect(summary(roomId)).toMatchObject({ outcome: "rejected", rejectReason: "no", authn: { outcome: "denied" } });
  });

  const failures: Array<[string, WebhookAnswer, Record<string, unknown>]> = [
    ["status 500", { status: 500, raw: "" }, { status: 500, problem: "status 500" }],
    ["invalid JSON", { status: 200, raw: "{" }, { status: 200, problem: "answer is not valid JSON" }],
    [
      "allowed not a boolean",
      { status: 200, json: { allowed: "true" } },
      { status: 200, problem: "allowed must be a boolean" },
    ],
    [
      "allowed false without reason",
      { status: 200, json: { allowed: false } },
      { status: 200, problem: "allowed is false without a reason" },
    ],
    ["no answer", { hang: true }, { error: "no answer within 1000 ms" }],
    ["a destroyed connection", { destroy: true }, { error: expect.stringMatching(/\S/) }],
  ];

  it.each(failures)("logs a failure (%s) at warn with what went wrong", async (_label, answer, expected) => {
    const roomId = uniqueRoomId("log-authn-failed");
    await scriptAuthn(roomId, answer);
    await registerAndLeave(roomId);
    const line = await oneLine(roomId, "authn");
    expect(line).toMatchObject({
      level: "warn",
      webhook: "authn",
      outcome: "failed",
      durationMs: expect.any(Number),
      ...expected,
    });
    if (!("status" in expected)) expect(line).not.toHaveProperty("status");
    if ("error" in expected) expect(line).not.toHaveProperty("problem");
  });
});

describe("disconnect webhook", () => {
  it("logs nothing of its own for a successful call", async () => {
    const roomId = uniqueRoomId("log-disconnect-ok");
    await registerAndLeave(roomId);
    await vi.waitFor(() => expect(summary(roomId)).toBeDefined(), { timeout: 5000 });
    expect(webhookLines(roomId, "disconnect")).toEqual([]);
  });

  it.each([
    ["status 500", { status: 500, raw: "" }, { status: 500, problem: "status 500" }],
    ["no answer", { hang: true }, { error: "no answer within 1000 ms" }],
  ] as Array<[string, WebhookAnswer, Record<string, unknown>]>)(
    "logs a failure (%s) at warn",
    async (_label, answer, expected) => {
      const roomId = uniqueRoomId("log-disconnect-failed");
      await script({ roomId, path: DISCONNECT_PATH, answer });
      await registerAndLeave(roomId);
      expect(await oneLine(roomId, "disconnect")).toMatchObject({
        level: "warn",
        outcome: "failed",
        durationMs: expect.any(Number),
        ...expected,
      });
    },
  );
});
