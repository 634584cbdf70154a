// The authentication webhook: request body, call, and the mapping of its answer to an outcome.
import * as v from "valibot";
import type { Registration } from "../../machines/connection.types";
import { AuthnWebhookAnswerSchema, type AuthnWebhookRequest } from "../protocol/webhooks";
import { logWebhookCall, postJson } from "./postJson";

export type AuthnOutcome =
  | { kind: "allowed"; iceServers?: unknown; authzMetadata?: unknown }
  | { kind: "denied"; reason: string }
  | { kind: "failed"; problem: string };

export function authnRequestBody(
  ids: { roomId: string; clientId: string; connectionId: string },
  registration: Registration,
): AuthnWebhookRequest {
  const body: AuthnWebhookRequest = { roomId: ids.roomId, clientId: ids.clientId, connectionId: ids.connectionId };
  const signalingKey = registration.signalingKey ?? registration.key;
  if (signalingKey !== undefined) body.signalingKey = signalingKey;
  if (registration.authnMetadata !== undefined) body.authnMetadata = registration.authnMetadata;
  if (registration.ayameClient !== undefined) body.ayameClient = registration.ayameClient;
  if (registration.libwebrtc !== undefined) body.libwebrtc = registration.libwebrtc;
  if (registration.environment !== undefined) body.environment = registration.environment;
  return body;
}

/** Maps the webhook's HTTP answer to an outcome, following the reference's table row by row. */
export function authnOutcome(status: number, text: string): AuthnOutcome {
  if (status !== 200) return { kind: "failed", problem: `status ${status}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "failed", problem: "answer is not valid JSON" };
  }
  const parsed = v.safeParse(AuthnWebhookAnswerSchema, json);
  if (!parsed.success) return { kind: "failed", problem: parsed.issues[0].message };
  const answer = parsed.output;
  if (answer.allowed) {
    const outcome: AuthnOutcome = { kind: "allowed" };
    // Ayame (Go, `omitempty` pointers) leaves a `null` out of `accept`, like an absent field.
    if (answer.iceServers != null) outcome.iceServers = answer.iceServers;
    if (answer.authzMetadata != null) outcome.authzMetadata = answer.authzMetadata;
    return outcome;
  }
  if (typeof answer.reason === "string" && answer.reason.length > 0) return { kind: "denied", reason: answer.reason };
  return { kind: "failed", problem: "allowed is false without a reason" };
}

export async function callAuthnWebhook(
  url: string,
  body: AuthnWebhookRequest,
  copiedHeaders: ReadonlyArray<readonly [string, string]>,
  timeoutMs: number,
): Promise<AuthnOutcome> {
  const result = await postJson(url, body, copiedHeaders, timeoutMs);
  const outcome: AuthnOutcome = !result.ok
    ? { kind: "failed", problem: result.error }
    : result.problem !== undefined
      ? { kind: "failed", problem: result.problem }
      : authnOutcome(result.status, result.body);
  logWebhookCall("authn", body, result, {
    outcome: outcome.kind,
    problem: result.ok && outcome.kind === "failed" ? outcome.problem : undefined,
  });
  return outcome;
}
