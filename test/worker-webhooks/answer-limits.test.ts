// What a webhook answer may be: never a redirect (not followed, target never called, Location never logged),
// never more than WEBHOOK_ANSWER_LIMIT_BYTES (counted while reading, with or without Content-Length).
import { afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { WEBHOOK_ANSWER_LIMIT_BYTES } from "../../src/webhooks/boundedBody";
import { defined } from "../support/defined";
import {
  AUTHN_PATH,
  DISCONNECT_PATH,
  requests,
  script,
  scriptAuthn,
  type WebhookAnswer,
} from "../support/webhookControl";
import { uniqueRoomId } from "../support/workerSocket";
import { captureLogLines, expectRejected, outcomeOf, register } from "./registering";

const SECRET = "redirect-secret-7d1e";
const REDIRECTED_PATH = "/redirected";

let capture: ReturnType<typeof captureLogLines>;
beforeEach(() => {
  capture = captureLogLines();
});
afterEach(() => capture.restore());

function redirect(status: number): WebhookAnswer {
  const location = `http://127.0.0.1:${inject("webhookPort")}${REDIRECTED_PATH}?token=${SECRET}`;
  return { status, raw: "", headers: { location } };
}

/** `{"allowed":true,"pad":"xx…"}` of exactly `bytes` bytes. */
function allowOfSize(bytes: number): string {
  const frame = (pad: string) => `{"allowed":true,"pad":"${pad}"}`;
  return frame("x".repeat(bytes - frame("").length));
}

/** Splits text into pieces for a chunked answer (no Content-Length). */
function chunksOf(text: string, size = 4096): string[] {
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

async function webhookLine(roomId: string, webhook: "authn" | "disconnect"): Promise<Record<string, unknown>> {
  const line = () =>
    capture.lines().find((entry) => entry.event === "webhook" && entry.webhook === webhook && entry.roomId === roomId);
  await vi.waitFor(() => expect(line()).toBeDefined(), { timeout: 5000 });
  return defined(line(), `the ${webhook} webhook line`);
}

describe("authentication webhook redirects", () => {
  it.each([301, 302, 303, 307, 308])("a %i answer is a failure; the target is never called", async (status) => {
    const roomId = uniqueRoomId(`authn-redirect-${status}`);
    await scriptAuthn(roomId, redirect(status));
    await expectRejected(await register(roomId, { clientId: "c" }), "InternalServerError");
    expect(await webhookLine(roomId, "authn")).toMatchObject({
      level: "warn",
      status,
      outcome: "failed",
      problem: `redirect (status ${status}) not followed`,
    });
    // The room's disconnect call is the barrier: a followed redirect would have been recorded before it.
    await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
    expect(await requests(roomId, { path: REDIRECTED_PATH })).toEqual([]);
    expect(await requests(roomId, { path: AUTHN_PATH })).toHaveLength(1);
    expect(JSON.stringify(capture.lines())).not.toContain(SECRET);
  });
});

describe("disconnect webhook redirects", () => {
  it.each([307, 308])("a %i answer is logged as a failure; the target is never called", async (status) => {
    const roomId = uniqueRoomId(`disconnect-redirect-${status}`);
    await script({ roomId, path: DISCONNECT_PATH, answer: redirect(status) });
    const socket = await register(roomId, { clientId: "c" });
    await outcomeOf(socket);
    socket.close();
    expect(await webhookLine(roomId, "disconnect")).toMatchObject({
      level: "warn",
      status,
      outcome: "failed",
      problem: `redirect (status ${status}) not followed`,
    });
    expect(await requests(roomId, { path: REDIRECTED_PATH })).toEqual([]);
    expect(JSON.stringify(capture.lines())).not.toContain(SECRET);
  });
});

describe(`answers of at most ${WEBHOOK_ANSWER_LIMIT_BYTES} bytes`, () => {
  const atLimit = allowOfSize(WEBHOOK_ANSWER_LIMIT_BYTES);
  const overLimit = allowOfSize(WEBHOOK_ANSWER_LIMIT_BYTES + 1);

  it("the size helper builds what it says", () => {
    expect(new TextEncoder().encode(atLimit).byteLength).toBe(65536);
    expect(new TextEncoder().encode(overLimit).byteLength).toBe(65537);
  });

  it.each([
    ["with Content-Length", { status: 200, raw: atLimit }],
    ["chunked, without Content-Length", { status: 200, chunks: chunksOf(atLimit) }],
  ] as Array<[string, WebhookAnswer]>)("an answer of exactly the limit is read (%s)", async (_label, answer) => {
    const roomId = uniqueRoomId("authn-at-limit");
    await scriptAuthn(roomId, answer);
    const socket = await register(roomId, { clientId: "c" });
    expect(await outcomeOf(socket)).toMatchObject({ type: "accept" });
    socket.close();
  });

  it.each([
    ["with Content-Length", { status: 200, raw: overLimit }],
    ["chunked, without Content-Length", { status: 200, chunks: chunksOf(overLimit) }],
    ["chunked, one byte over in the last piece", { status: 200, chunks: [...chunksOf(atLimit), " "] }],
  ] as Array<[string, WebhookAnswer]>)("an answer of the limit + 1 byte is a failure (%s)", async (_label, answer) => {
    const roomId = uniqueRoomId("authn-over-limit");
    await scriptAuthn(roomId, answer);
    await expectRejected(await register(roomId, { clientId: "c" }), "InternalServerError");
    expect(await webhookLine(roomId, "authn")).toMatchObject({
      level: "warn",
      status: 200,
      outcome: "failed",
      problem: "answer larger than 65536 bytes",
    });
  });

  it("a disconnect answer over the limit is logged as a failure", async () => {
    const roomId = uniqueRoomId("disconnect-over-limit");
    await script({ roomId, path: DISCONNECT_PATH, answer: { status: 200, chunks: chunksOf(overLimit) } });
    const socket = await register(roomId, { clientId: "c" });
    await outcomeOf(socket);
    socket.close();
    expect(await webhookLine(roomId, "disconnect")).toMatchObject({
      outcome: "failed",
      problem: "answer larger than 65536 bytes",
    });
  });
});
