// One JSON POST with a deadline. Returns what happened; never throws.
import { log } from "../log";

export type PostResult =
  | { ok: true; status: number; body: string; durationMs: number }
  | { ok: false; error: string; durationMs: number };

export async function postJson(
  url: string,
  body: unknown,
  copiedHeaders: ReadonlyArray<readonly [string, string]>,
  timeoutMs: number,
): Promise<PostResult> {
  const started = Date.now();
  const headers = new Headers(copiedHeaders as [string, string][]);
  headers.set("content-type", "application/json");
  // The timeout bounds one in-flight request; it is not a deadline that must survive hibernation. It is
  // cancelled once the call is over: AbortSignal.timeout's timer stays pending until it fires, and a pending
  // timer keeps the object from hibernating (durable_object_io_tasks_prevent_eviction) for that long.
  const timeout = new AbortController();
  const callOver = new AbortController();
  scheduler.wait(timeoutMs, { signal: callOver.signal }).then(
    () => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")),
    () => {},
  );
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: timeout.signal,
    });
    const text = await response.text();
    return { ok: true, status: response.status, body: text, durationMs: Date.now() - started };
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const message = name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : String(error);
    return { ok: false, error: message, durationMs: Date.now() - started };
  } finally {
    callOver.abort();
  }
}

/** What a webhook call meant. `problem` says why an answered call failed; a transport failure has `error`. */
export interface WebhookCallOutcome {
  outcome: string;
  problem?: string;
}

/**
 * One line per webhook call. Only ids are logged: the request body carries `signalingKey` and
 * `authnMetadata` (credentials), which must never reach the logs.
 */
export function logWebhookCall(
  webhook: "authn" | "disconnect",
  ids: { roomId: string; clientId: string; connectionId: string },
  result: PostResult,
  meaning: WebhookCallOutcome,
): void {
  log(result.ok && meaning.problem === undefined ? "info" : "warn", "webhook", {
    webhook,
    roomId: ids.roomId,
    clientId: ids.clientId,
    connectionId: ids.connectionId,
    status: result.ok ? result.status : undefined,
    error: result.ok ? undefined : result.error,
    durationMs: result.durationMs,
    outcome: meaning.outcome,
    problem: meaning.problem,
  });
}
