// Worker entry: liveness, routing of `/signaling` upgrades to the room's Durable Object, and the exports
// of the Durable Object classes (the entry module may export nothing else: workerd rejects other values).
// The demo page at `/` is served by Workers static assets before this runs.
import { workerConfigOf } from "./configWarnings";
import { inspectAuthorized } from "./edge/inspectAccess";
import { originRefusal } from "./edge/origin";
import { routeByRegister, routesByRegister } from "./edge/registerRouter";
import { type RoomBindings, roomNamespace } from "./edge/roomNamespace";
import { upgradeRateLimited } from "./edge/upgradeRateLimit";
import { log, setLogLevel } from "./log";
import { INSPECT_PROTOCOL } from "./protocol/inspect";
import { INSPECT_PATH, ROOM_ID_HEADER, ROUTING_HEADER, RoomDurableObject } from "./room/RoomDurableObject";
import { resolveRoomId } from "./routing";

export { RoomDurableObject };

/** The class name of the original service (migration v1). Deployments made from it keep their objects. */
export class SignallingRoom extends RoomDurableObject {}

interface Bindings extends RoomBindings {
  /** The static assets (public/): the inspector page is served from here at /inspect. */
  ASSETS?: Fetcher;
  /** Optional: without it, upgrades are not rate limited (docs/security.md). */
  UPGRADE_RATE_LIMITER?: RateLimit;
}

/** An inspector's socket, to the room's object: only what it needs, not the token the request carried. */
function inspectRoom(namespace: DurableObjectNamespace, roomId: string, request: Request): Promise<Response> {
  const headers = new Headers({ upgrade: "websocket", [ROOM_ID_HEADER]: roomId });
  const offered = request.headers.get("sec-websocket-protocol");
  if (offered?.split(",").some((protocol) => protocol.trim() === INSPECT_PROTOCOL))
    headers.set("sec-websocket-protocol", INSPECT_PROTOCOL);
  const stub = namespace.get(namespace.idFromName(roomId));
  return stub.fetch(new URL(INSPECT_PATH, request.url), { method: "GET", headers });
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/.ok") return new Response(null, { status: 200 });
    const inspecting = url.pathname === INSPECT_PATH;
    if (url.pathname !== "/signaling" && !inspecting) return text(404, "Not Found");

    const config = workerConfigOf(env);
    if (!config.ok) {
      log("error", "config.invalid", { variable: config.variable, message: config.message });
      return text(500, config.message);
    }
    setLogLevel(config.config.logLevel);
    // Without INSPECT_TOKEN there is no inspector, not even a refusal.
    const inspectToken = config.config.inspectToken;
    if (inspecting && inspectToken === undefined) return text(404, "Not Found");
    const upgrade = request.headers.get("upgrade")?.toLowerCase() === "websocket";
    const bindings = env as Bindings;
    // The page and its socket share /inspect (wrangler.toml [assets]): a browser opening it gets the page.
    if (inspecting && !upgrade) return bindings.ASSETS?.fetch(request) ?? text(404, "Not Found");
    const rooms = roomNamespace(bindings, config.config);
    if (!rooms.ok) {
      log("error", "config.invalid", { variable: rooms.variable, message: rooms.message, error: rooms.error });
      return text(500, rooms.message);
    }
    // Order (docs/security.md): origin, upgrade, rate limit (it counts every upgrade, whatever its room id), the
    // inspector's token, room id.
    const refusal = originRefusal(request, config.config);
    if (refusal !== undefined) return text(403, refusal);
    if (!upgrade) return text(426, "Upgrade Required");
    const limited = await upgradeRateLimited(request, bindings.UPGRADE_RATE_LIMITER);
    if (limited) return limited;
    if (inspecting && !(await inspectAuthorized(request, inspectToken as string))) return text(401, "Unauthorized");
    if (!inspecting && routesByRegister(config.config, request, url))
      return routeByRegister(request, config.config, rooms.namespace, ctx);
    const resolved = resolveRoomId(request, url);
    if ("error" in resolved) return text(400, resolved.error);
    if (inspecting) return inspectRoom(rooms.namespace, resolved.roomId, request);

    const stub = rooms.namespace.get(rooms.namespace.idFromName(resolved.roomId));
    const headers = new Headers(request.headers);
    headers.set(ROOM_ID_HEADER, resolved.roomId);
    headers.set(ROUTING_HEADER, "url");
    return stub.fetch(request.url, { method: "GET", headers });
  },
} satisfies ExportedHandler<Env>;
