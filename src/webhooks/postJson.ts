// One JSON POST with a deadline. Returns what happened; never throws.
import { log } from "../log";
import { readBoundedText } from "./boundedBody";
import { splitUrlCredentials } from "./urlCredentials";

/**
 * `ok` when an answer arrived. `problem` says why an answer cannot be used at all (a redirect, a body over
 * the limit); its body is then empty and the call has failed, whatever the status.
 */
export type PostResult =
  | { ok: true; status: number; body: string; problem?: string; durationMs: number }
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
  const target = splitUrlCredentials(url);
  if (target.authorization !== undefined && !headers.has("authorization"))
    headers.set("authorization", target.authorization);
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
    const response = await fetch(target.url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: timeout.signal,
      // A redirect is a failure, never followed: it could send the credentials in the body elsewhere.
      redirect: "manual",
    });
    const status = response.status;
    if (status >= 300 && status < 400) {
      await response.body?.cancel();
      // Not the Location: it may carry a token.
      return {
        ok: true,
        status,
        body: "",
        problem: `redirect (status ${status}) not followed`,
        durationMs: Date.now() - started,
      };
    }
    const text = await readBoundedText(response);
    const durationMs = Date.now() - started;
    return text.ok
      ? { ok: true, status, body: text.text, durationMs }
      : { ok: true, status, body: "", problem: text.problem, durationMs };
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
 * One line per authentication call and per failed disconnect call. Only ids are logged: the request body carries `signalingKey` and
 * `authnMetadata` (credentials), which must never reach the logs.
 */
export function logWebhookCall(
  webhook: "authn" | "disconnect",
  ids: { roomId: string; clientId: string; connectionId: string },
  result: PostResult,
  meaning: WebhookCallOutcome,
): void {
  // A disconnect call that went as it should is not logged (it ends after the connection's summary line); an
  // authentication call always is (info: it is part of register → accept), and a failure of either at warn.
  const failed = !result.ok || meaning.problem !== undefined;
  if (!failed && webhook === "disconnect") return;
  log(failed ? "warn" : "info", "webhook", {
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
