// A distinct client address for each test or bench socket, sent as `CF-Connecting-IP`: the Worker limits
// upgrades per address (UPGRADE_RATE_LIMITER), and suites that open hundreds of sockets are many users, not
// one. Locally the header passes as sent (wrangler dev only sets it when it is absent; on Cloudflare the edge
// sets it). 198.18.0.0/15 is reserved for benchmarks (RFC 2544): 131,072 addresses.
const RANGE_SIZE = 2 ** 17;

let next = Math.floor(Math.random() * RANGE_SIZE);

export function nextClientAddress(): string {
  const n = next;
  next = (next + 1) % RANGE_SIZE;
  return `198.${18 + (n >> 16)}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

/** `headers` with a fresh `CF-Connecting-IP`, unless they already name one (in any case). */
export function withClientAddress(headers: Record<string, string> = {}): Record<string, string> {
  if (Object.keys(headers).some((name) => name.toLowerCase() === "cf-connecting-ip")) return headers;
  return { "CF-Connecting-IP": nextClientAddress(), ...headers };
}
