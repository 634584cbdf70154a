// UPGRADE_RATE_LIMITER (wrangler.toml [[ratelimits]]): at most `limit` upgrades per client address and
// window; the next gets 429 with Retry-After while other addresses go on. Windows are wall-clock aligned
// (as Miniflare implements them), so a run that straddles two windows is retried with fresh addresses.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RETRY_AFTER_SEC } from "../../src/edge/upgradeRateLimit";
import wranglerToml from "../../wrangler.toml?raw";
import { nextClientAddress } from "../support/clientAddress";
import { join, uniqueRoomId, upgrade } from "../support/workerSocket";
import { envWithout, workerWith } from "../support/workerWith";

const configured = /name = "UPGRADE_RATE_LIMITER"[^[]*?simple = \{ limit = (\d+), period = (\d+) \}/.exec(wranglerToml);
const LIMIT = Number(configured?.[1]);
const PERIOD_MS = Number(configured?.[2]) * 1000;

/** `limit` upgrades from `ip` (no room id: 400, which counts like any other), then one more for a real room. */
async function exhaust(ip: string, over: string): Promise<{ statuses: number[]; last: Response; sameWindow: boolean }> {
  const window = Math.floor(Date.now() / PERIOD_MS);
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT; i++)
    statuses.push((await upgrade("unused", { query: "", headers: { "CF-Connecting-IP": ip } })).status);
  const last = await upgrade(uniqueRoomId("limited"), { headers: { "CF-Connecting-IP": over } });
  return { statuses, last, sameWindow: window === Math.floor(Date.now() / PERIOD_MS) };
}

/** Runs `exhaust` until one run fits in one window (at most three tries). */
async function exhaustInOneWindow(addresses: () => [string, string]) {
  for (let attempt = 1; ; attempt++) {
    const [ip, over] = addresses();
    const run = await exhaust(ip, over);
    if (run.sameWindow || attempt === 3) return run;
  }
}

describe("upgrades per client address", () => {
  it("wrangler.toml configures the binding", () => {
    expect(LIMIT).toBeGreaterThan(0);
    expect([10_000, 60_000]).toContain(PERIOD_MS);
  });

  it("lets `limit` upgrades through, answers the next with 429 and Retry-After, and lets another address join", async () => {
    const run = await exhaustInOneWindow(() => {
      const ip = nextClientAddress();
      return [ip, ip];
    });
    expect(run.statuses).toEqual(Array(LIMIT).fill(400));
    expect(run.last.status).toBe(429);
    expect(run.last.webSocket).toBeNull();
    expect(run.last.headers.get("retry-after")).toBe(String(RETRY_AFTER_SEC));
    expect(await run.last.text()).toMatch(/^Too Many Requests/);
    const { accept } = await join(uniqueRoomId("other-address"));
    expect(accept.type).toBe("accept");
  });

  it("counts an IPv6 client by its /64", async () => {
    let prefix = 0x100;
    const run = await exhaustInOneWindow(() => {
      prefix += 1;
      return [`2001:db8:${prefix.toString(16)}:7::1`, `2001:DB8:${prefix.toString(16)}:7:ffff:ffff:ffff:fffe`];
    });
    expect(run.last.status).toBe(429);
    const { accept } = await join(
      uniqueRoomId("next-64"),
      {},
      { headers: { "CF-Connecting-IP": `2001:db8:${prefix.toString(16)}:8::1` } },
    );
    expect(accept.type).toBe("accept");
  });

  it("puts requests without CF-Connecting-IP in one bucket", async () => {
    // This bucket cannot be swapped for a fresh one: a run that straddles two windows may need up to 2 × limit.
    const plain = () =>
      workerWith({ ...env }).fetch("http://ayame.test/signaling", { headers: { upgrade: "websocket" } });
    const window = Math.floor(Date.now() / PERIOD_MS);
    const statuses: number[] = [];
    while (statuses.at(-1) !== 429 && statuses.length <= 2 * LIMIT) statuses.push((await plain()).status);
    expect(statuses.at(-1)).toBe(429);
    if (window === Math.floor(Date.now() / PERIOD_MS)) expect(statuses).toHaveLength(LIMIT + 1);
  });

  it("limits nothing without the binding", async () => {
    const unlimited = workerWith(envWithout("UPGRADE_RATE_LIMITER"));
    const ip = nextClientAddress();
    for (let i = 0; i <= LIMIT; i++) {
      const response = await upgrade("unused", { fetcher: unlimited, query: "", headers: { "CF-Connecting-IP": ip } });
      expect(response.status).toBe(400);
    }
  });
});
