// Per-client limit on WebSocket upgrades, with Cloudflare's Workers Rate Limiting binding
// (https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/). The limit and its period
// live in wrangler.toml (`[[ratelimits]]` UPGRADE_RATE_LIMITER); without the binding nothing is limited.
import { log } from "../log";
import { clientKey } from "./clientKey";

/** The binding's longest period: a client that waits this long always finds a fresh window. */
export const RETRY_AFTER_SEC = 60;

/** `429` with `Retry-After` when the client has used up its upgrades, else undefined. */
export async function upgradeRateLimited(
  request: Request,
  limiter: RateLimit | undefined,
): Promise<Response | undefined> {
  if (!limiter) return undefined;
  let outcome: RateLimitOutcome;
  try {
    outcome = await limiter.limit({ key: clientKey(request) });
  } catch (error) {
    // Fail open: a broken limiter must not take the service down with it.
    log("error", "ratelimit.failed", { error: String(error) });
    return undefined;
  }
  if (outcome.success) return undefined;
  return new Response(
    `Too Many Requests: too many WebSocket upgrades from this address; retry after ${RETRY_AFTER_SEC} s`,
    {
      status: 429,
      headers: { "content-type": "text/plain; charset=utf-8", "retry-after": String(RETRY_AFTER_SEC) },
    },
  );
}
