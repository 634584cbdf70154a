// The disconnect webhook: fire after every socket closes; failures are logged and change nothing.
import type { DisconnectWebhookRequest } from "../protocol/webhooks";
import { logWebhookCall, postJson } from "./postJson";

export async function callDisconnectWebhook(
  url: string,
  body: DisconnectWebhookRequest,
  copiedHeaders: ReadonlyArray<readonly [string, string]>,
  timeoutMs: number,
): Promise<void> {
  const result = await postJson(url, body, copiedHeaders, timeoutMs);
  const problem = !result.ok
    ? undefined
    : (result.problem ?? (result.status !== 200 ? `status ${result.status}` : undefined));
  const outcome = result.ok && problem === undefined ? "ok" : "failed";
  logWebhookCall("disconnect", body, result, { outcome, problem });
}
