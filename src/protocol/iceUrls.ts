// STUN and TURN URLs (RFC 7064, RFC 7065): `scheme:host[:port]`, TURN also `?transport=udp|tcp`; an IPv6
// host is in brackets. `new URL()` does not help: these schemes have no `//`, so it finds no host or port.

type IceScheme = "stun" | "stuns" | "turn" | "turns";

export interface IceUrl {
  scheme: IceScheme;
  /** As written; an IPv6 address keeps its brackets. */
  host: string;
  /** The explicit port, or the scheme's default (3478, or 5349 over TLS). */
  port: number;
  transport: "udp" | "tcp" | undefined;
}

const ICE_URL = /^(stuns?|turns?):(\[[0-9a-f:.]+\]|[a-z0-9._~%-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

const DEFAULT_PORT: Record<IceScheme, number> = { stun: 3478, turn: 3478, stuns: 5349, turns: 5349 };

/** The parts of a STUN/TURN URL, or undefined when it is not one. */
export function parseIceUrl(url: string): IceUrl | undefined {
  const [, schemeText, host, portText, transportText] = ICE_URL.exec(url) ?? [];
  // Both groups are required by the pattern: when either is missing, so is the match.
  if (schemeText === undefined || host === undefined) return undefined;
  const scheme = schemeText.toLowerCase() as IceScheme;
  const transport = transportText?.toLowerCase() as IceUrl["transport"];
  // RFC 7064: a STUN URL has no query.
  if (transport !== undefined && !scheme.startsWith("turn")) return undefined;
  const port = portText === undefined ? DEFAULT_PORT[scheme] : Number(portText);
  if (port < 1 || port > 65535) return undefined;
  return { scheme, host, port, transport };
}

/**
 * Browsers block port 53, and Cloudflare's TURN API lists alternates on it (its docs advise filtering them
 * out): keep only URLs that parse and use another port.
 */
export function isUsableIceUrl(url: string): boolean {
  const parsed = parseIceUrl(url);
  return parsed !== undefined && parsed.port !== 53;
}
