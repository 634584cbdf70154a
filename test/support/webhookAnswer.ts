// The answers the test webhook server (webhookServer.ts) can be scripted to give, and how each is written.
import type { IncomingMessage, ServerResponse } from "node:http";

/** How the server answers one request. `hold` defers an answer until `/__release`. */
export type WebhookAnswer =
  | { status: number; json: unknown; headers?: Record<string, string>; hold?: boolean }
  | { status: number; raw: string; contentType?: string; headers?: Record<string, string>; hold?: boolean }
  /** Sends the body in these pieces with chunked transfer encoding: no Content-Length to go by. */
  | { status: number; chunks: string[] }
  /** Sends the status line, headers and `partial`, then never finishes the body. */
  | { status: number; partial: string }
  | { hang: true }
  | { destroy: true };

/**
 * Starts the answer; returns the function that sends the rest (now, or when a held answer is released),
 * or undefined when there is nothing more to send.
 */
export function writeAnswer(
  response: ServerResponse,
  request: IncomingMessage,
  scripted: WebhookAnswer,
): (() => void) | undefined {
  if ("destroy" in scripted) {
    request.socket.destroy();
    return undefined;
  }
  if ("hang" in scripted) return undefined;
  if ("partial" in scripted) {
    response.writeHead(scripted.status, { "content-type": "application/json", "content-length": "1000" });
    response.write(scripted.partial);
    return undefined;
  }
  if ("chunks" in scripted) {
    return () => {
      response.writeHead(scripted.status, { "content-type": "application/json", "transfer-encoding": "chunked" });
      for (const chunk of scripted.chunks) response.write(chunk);
      response.end();
    };
  }
  return () => {
    const body = "json" in scripted ? JSON.stringify(scripted.json) : scripted.raw;
    const contentType = "json" in scripted ? "application/json" : (scripted.contentType ?? "application/json");
    response.writeHead(scripted.status, {
      "content-type": contentType,
      ...contentLength(scripted.status, body),
      ...scripted.headers,
    });
    response.end(body);
  };
}

/** Node sends a body chunked once writeHead has run; these answers say their length, as most servers do. */
function contentLength(status: number, body: string): Record<string, string> {
  if (body.length === 0 || status === 204 || status === 304) return {};
  return { "content-length": String(Buffer.byteLength(body)) };
}
