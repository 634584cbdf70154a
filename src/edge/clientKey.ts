// The rate limiter's key for a request (./upgradeRateLimit.ts): the client's IPv4 address, or its IPv6 /64, or
// one shared key.

/** The key of requests without `CF-Connecting-IP` (never the case on Cloudflare; tests, local proxies). */
export const NO_CLIENT_IP_KEY = "no-client-ip";

/**
 * The client's address, IPv6 by its /64: one host or household usually gets a whole /64, and could
 * otherwise take a fresh address for every request.
 */
export function clientKey(request: Request): string {
  // Headers come without surrounding whitespace (the Fetch standard normalises their values).
  const ip = request.headers.get("cf-connecting-ip");
  if (!ip) return NO_CLIENT_IP_KEY;
  // IPv4, and IPv6 with an embedded IPv4 address (::ffff:192.0.2.1): the whole address. Anything else that is
  // not IPv6 is kept whole too (ipv6Prefix64 finds no prefix).
  if (ip.includes(".")) return ip;
  const prefix = ipv6Prefix64(ip);
  return prefix === undefined ? ip : `${prefix}::/64`;
}

/** The first four groups of an IPv6 address, or undefined when it is not one. */
function ipv6Prefix64(ip: string): string | undefined {
  const halves = ip.toLowerCase().split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  const prefix = groups.slice(0, 4);
  if (!prefix.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return prefix.map((group) => group.replace(/^0+(?=.)/, "")).join(":");
}
