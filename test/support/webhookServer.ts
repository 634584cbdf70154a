// A real HTTP server on 127.0.0.1 that plays both webhooks (any path) for tests.
//
// It records every request and answers as the test scripted it. Requests are grouped by the `roomId` of
// their JSON body (both webhooks send one), so each test scripts and reads only its own room. Tests that
// run inside workerd cannot reach this object, so everything is also driven over HTTP:
//
//   POST /__script   {roomId, path?, clientId?, times?, answer}   add a rule (first match wins)
//   GET  /__requests ?roomId=&path=&count=&waitMs=                recorded requests (waits for `count`)
//   POST /__release  {roomId}                                     answer the requests held so far
//                                                                 → {released, delivered}: how many were still
//                                                                   waiting for their answer (not given up)
//
// `test/support/webhookControl.ts` wraps these for tests. Without a matching rule a request is answered
// `200 {"allowed":true}`. Hanging answers end when the client gives up or the server closes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { json, readBody, startLocalServer } from "./localServer";
import { type WebhookAnswer, writeAnswer } from "./webhookAnswer";

export type { WebhookAnswer };

export interface WebhookRule {
  roomId: string;
  /** e.g. "/authn"; any path when absent. */
  path?: string;
  /** Matches the `clientId` of the JSON body; any when absent. */
  clientId?: string;
  /** How many requests the rule answers before it is used up; unlimited when absent. */
  times?: number;
  answer: WebhookAnswer;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased names, as Node delivers them. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  rawBody: string;
  /** Epoch ms when the request arrived. */
  receivedAt: number;
}

export interface WebhookServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

const ALLOW: WebhookAnswer = { status: 200, json: { allowed: true } };
const MAX_WAIT_MS = 10_000;

export async function startWebhookServer(): Promise<WebhookServer> {
  const rules = new Map<string, WebhookRule[]>();
  const recorded = new Map<string, RecordedRequest[]>();
  /** Deferred answers; each returns whether its client was still connected when it was answered. */
  const held = new Map<string, Array<() => boolean>>();
  const waiters = new Set<() => void>();
  let closing = false;

  const record = (roomId: string, request: RecordedRequest) => {
    const list = recorded.get(roomId) ?? [];
    list.push(request);
    recorded.set(roomId, list);
    for (const wake of [...waiters]) wake();
  };

  const ruleFor = (roomId: string, path: string, clientId: unknown): WebhookRule | undefined => {
    const list = rules.get(roomId) ?? [];
    const rule = list.find(
      (rule) =>
        (rule.path === undefined || rule.path === path) && (rule.clientId === undefined || rule.clientId === clientId),
    );
    if (!rule) return undefined;
    if (rule.times !== undefined && --rule.times <= 0) list.splice(list.indexOf(rule), 1);
    return rule;
  };

  const answer = (response: ServerResponse, request: IncomingMessage, scripted: WebhookAnswer, roomId: string) => {
    const send = writeAnswer(response, request, scripted);
    if (!send) return;
    if (!("hold" in scripted && scripted.hold)) return send();
    const list = held.get(roomId) ?? [];
    list.push(() => {
      const waiting = !request.socket.destroyed;
      send();
      return waiting;
    });
    held.set(roomId, list);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(request);
    if (url.pathname === "/__script" && request.method === "POST") {
      const rule = JSON.parse(rawBody) as WebhookRule;
      rules.set(rule.roomId, [...(rules.get(rule.roomId) ?? []), rule]);
      return json(response, 200, { ok: true });
    }
    if (url.pathname === "/__release" && request.method === "POST") {
      const { roomId } = JSON.parse(rawBody) as { roomId: string };
      const sends = held.get(roomId) ?? [];
      held.delete(roomId);
      const delivered = sends.map((send) => send()).filter(Boolean).length;
      return json(response, 200, { released: sends.length, delivered });
    }
    if (url.pathname === "/__requests" && request.method === "GET") {
      const roomId = url.searchParams.get("roomId") ?? "";
      const path = url.searchParams.get("path");
      const count = Number(url.searchParams.get("count") ?? "0");
      const waitMs = Math.min(Number(url.searchParams.get("waitMs") ?? "10000"), MAX_WAIT_MS);
      const matching = () => (recorded.get(roomId) ?? []).filter((r) => path === null || r.path === path);
      if (matching().length < count) await waitFor(() => closing || matching().length >= count, waitMs, waiters);
      return json(response, 200, matching());
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    const roomId = typeof fields.roomId === "string" ? fields.roomId : "";
    record(roomId, {
      method: request.method ?? "",
      path: url.pathname,
      headers: flatHeaders(request),
      body,
      rawBody,
      receivedAt: Date.now(),
    });
    const rule = ruleFor(roomId, url.pathname, fields.clientId);
    answer(response, request, rule?.answer ?? ALLOW, roomId);
  };

  const server = await startLocalServer(handle);
  const port = server.port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      closing = true;
      for (const wake of [...waiters]) wake();
      await server.close();
    },
  };
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function waitFor(done: () => boolean, waitMs: number, waiters: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    };
    const check = () => {
      if (done()) finish();
    };
    const timer = setTimeout(finish, waitMs);
    waiters.add(check);
  });
}
