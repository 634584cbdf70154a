// The bench baseline: the least a hibernating Durable Object must do to pair two Ayame clients.
// `register` is the only frame it reads (the first frame of a socket); every later frame goes to the peer
// as-is, unparsed. Whether a socket is registered survives hibernation in its attachment, written once.
import { DurableObject } from "cloudflare:workers";

interface BaselineEnv {
  RELAY_ROOMS: DurableObjectNamespace<BaselineRelayRoom>;
  UPGRADE_RATE_LIMITER?: RateLimit;
}

const BYE_FRAME = '{"type":"bye"}';
const FULL_FRAME = '{"type":"reject","reason":"full"}';

export class BaselineRelayRoom extends DurableObject<BaselineEnv> {
  private readonly registered = new Set<WebSocket>();

  constructor(ctx: DurableObjectState, env: BaselineEnv) {
    super(ctx, env);
    for (const ws of ctx.getWebSockets()) {
      if (ws.deserializeAttachment() === true) this.registered.add(ws);
    }
  }

  override async fetch(): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (this.registered.has(ws)) {
      for (const peer of this.registered) if (peer !== ws) peer.send(message);
      return;
    }
    if (typeof message !== "string" || (JSON.parse(message) as { type?: unknown }).type !== "register") return;
    if (this.registered.size >= 2) {
      ws.send(FULL_FRAME);
      ws.close(1000, "room full");
      return;
    }
    const isExistUser = this.registered.size === 1;
    ws.serializeAttachment(true);
    this.registered.add(ws);
    ws.send(
      JSON.stringify({ type: "accept", connectionId: crypto.randomUUID(), isExistClient: isExistUser, isExistUser }),
    );
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.leave(ws);
    // A hibernated socket does not answer the client's Close frame by itself.
    if (code === 1006 || code === 1015) return;
    try {
      if (code === 1005) ws.close();
      else ws.close(code);
    } catch {
      // Already closed.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.leave(ws);
  }

  private leave(ws: WebSocket): void {
    if (!this.registered.delete(ws)) return;
    for (const peer of this.registered) {
      this.registered.delete(peer);
      try {
        peer.send(BYE_FRAME);
        peer.close(1000, "peer left");
      } catch {
        // The peer is closing too.
      }
    }
  }
}

export default {
  async fetch(request, env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/.ok") return new Response(null, { status: 200 });
    const roomId = url.searchParams.get("roomId");
    if (url.pathname !== "/signaling" || !roomId) return new Response("Not Found", { status: 404 });
    // The service's front door also limits upgrades per client address (wrangler.toml); as there, without
    // the binding nothing is limited.
    const key = request.headers.get("cf-connecting-ip") ?? "no-client-ip";
    const limited = env.UPGRADE_RATE_LIMITER && !(await env.UPGRADE_RATE_LIMITER.limit({ key })).success;
    if (limited) return new Response("Too Many Requests", { status: 429 });
    return env.RELAY_ROOMS.get(env.RELAY_ROOMS.idFromName(roomId)).fetch(request);
  },
} satisfies ExportedHandler<BaselineEnv>;
