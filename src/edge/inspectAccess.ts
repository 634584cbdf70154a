// Who may open /inspect: whoever presents INSPECT_TOKEN, as `Authorization: Bearer <token>` (tools) or as the
// WebSocket subprotocol pair `ayame-inspect` + `bearer.<token>` (browsers cannot set headers on a WebSocket;
// the server answers with `ayame-inspect` alone, docs/inspector.md). Compared in constant time and never
// logged. https://developers.cloudflare.com/workers/examples/protect-against-timing-attacks/
import { BEARER_PROTOCOL_PREFIX as PROTOCOL_PREFIX } from "../protocol/inspect";

const encoder = new TextEncoder();

function presentedToken(request: Request): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization?.startsWith("Bearer ")) return authorization.slice("Bearer ".length).trim();
  const protocols = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((protocol) => protocol.trim());
  return protocols.find((protocol) => protocol.startsWith(PROTOCOL_PREFIX))?.slice(PROTOCOL_PREFIX.length);
}

/** Whether the request carries the token. Both sides are hashed first, so that not even the length leaks. */
export async function inspectAuthorized(request: Request, token: string): Promise<boolean> {
  const presented = presentedToken(request);
  if (presented === undefined) return false;
  const [a, b] = await Promise.all(
    [presented, token].map((text) => crypto.subtle.digest("SHA-256", encoder.encode(text))),
  );
  return crypto.subtle.timingSafeEqual(a as ArrayBuffer, b as ArrayBuffer);
}
