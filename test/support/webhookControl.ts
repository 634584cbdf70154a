// Scripts and reads the test webhook server (test/support/webhookServer.ts) over HTTP, so it works from
// tests that run inside workerd as well as from Node.
import { inject } from "vitest";
import type { RecordedRequest, WebhookAnswer, WebhookRule } from "./webhookServer";

export type { RecordedRequest, WebhookAnswer, WebhookRule };

export const AUTHN_PATH = "/authn";
export const DISCONNECT_PATH = "/disconnect";

function baseUrl(): string {
  return `http://127.0.0.1:${inject("webhookPort")}`;
}

async function call(path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(`${baseUrl()}${path}`, init);
  if (response.status !== 200) throw new Error(`webhook server ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Adds a rule for one room; rules are tried in the order they were added. */
export async function script(rule: WebhookRule): Promise<void> {
  await call("/__script", { method: "POST", body: JSON.stringify(rule) });
}

/** Scripts the authentication webhook of a room to answer every request with `answer`. */
export async function scriptAuthn(
  roomId: string,
  answer: WebhookAnswer,
  extra: Partial<WebhookRule> = {},
): Promise<void> {
  await script({ roomId, path: AUTHN_PATH, answer, ...extra });
}

/**
 * The requests recorded for a room (optionally one path), in arrival order. With `count`, waits (up to
 * `waitMs`, default 10 s) until at least that many arrived; callers assert on what they get.
 */
export async function requests(
  roomId: string,
  options: { path?: string; count?: number; waitMs?: number } = {},
): Promise<RecordedRequest[]> {
  const query = new URLSearchParams({ roomId });
  if (options.path) query.set("path", options.path);
  if (options.count !== undefined) query.set("count", String(options.count));
  if (options.waitMs !== undefined) query.set("waitMs", String(options.waitMs));
  return (await call(`/__requests?${query}`)) as RecordedRequest[];
}

/**
 * Answers every request of the room held (`hold: true`) so far. `delivered` counts the answers whose
 * caller was still waiting (had not timed out or gone away).
 */
export async function release(roomId: string): Promise<{ released: number; delivered: number }> {
  return (await call("/__release", { method: "POST", body: JSON.stringify({ roomId }) })) as {
    released: number;
    delivered: number;
  };
}
