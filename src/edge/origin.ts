// Which browsers may open a socket: the `Origin` of an upgrade against ALLOWED_ORIGINS / ALLOW_MISSING_ORIGIN.
//
// Browsers send `Origin` on every WebSocket handshake and let any page open a socket to any host, so this
// check is what stops other sites from using the service through their visitors' browsers. Clients that are
// not browsers (Momo, native SDKs) send no `Origin` — and could send any — so it is no authentication.
import type { Config } from "../config";

/** The reason a request is refused (answered `403`), or undefined when its origin may connect. */
export function originRefusal(
  request: Request,
  config: Pick<Config, "allowedOrigins" | "allowMissingOrigin">,
): string | undefined {
  // An empty value is no origin at all (like an empty room id).
  const origin = request.headers.get("origin") || undefined;
  if (origin === undefined) return config.allowMissingOrigin ? undefined : "Origin header required";
  if (config.allowedOrigins === "any" || config.allowedOrigins.includes(origin)) return undefined;
  return "Origin not allowed";
}
