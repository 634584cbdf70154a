// A real HTTP server on 127.0.0.1 that speaks Cloudflare Realtime TURN's credentials API for tests:
//
//   POST /v1/turn/keys/{keyId}/credentials/generate-ice-servers   Authorization: Bearer <token>, {"ttl": n}
//        → the answer of turnScenarios.ts for {keyId}; 401 for a wrong token, 400 for a body without ttl
//   GET  /__requests?keyId=                                       the requests recorded for that key id
//   POST /__answerAs?keyId=&scenario=                              later requests for keyId get that scenario's answer
//
// Scenarios are chosen by key id, so a Worker configured with TURN_KEY_ID=<scenario> gets that answer.
import type { IncomingMessage, ServerResponse } from "node:http";
import { json, readBody, startLocalServer } from "./localServer";
import { TURN_API_PATH, TURN_TEST_TOKEN, turnScenario, WRONG_TOKEN_STATUS } from "./turnScenarios";

export interface RecordedTurnRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export interface TurnServer {
  port: number;
  /** The value for TURN_API_URL. */
  apiUrl: string;
  close(): Promise<void>;
}

const ROUTE = new RegExp(`^${TURN_API_PATH}/([^/]+)/credentials/generate-ice-servers$`);

export async function startTurnServer(): Promise<TurnServer> {
  const recorded = new Map<string, RecordedTurnRequest[]>();
  /** Key id → the scenario that answers for it (a suite that needs one key id to answer in several ways). */
  const answerAs = new Map<string, string>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(request);
    if (url.pathname === "/__requests" && request.method === "GET") {
      return json(response, 200, recorded.get(url.searchParams.get("keyId") ?? "") ?? []);
    }
    if (url.pathname === "/__answerAs" && request.method === "POST") {
      answerAs.set(url.searchParams.get("keyId") ?? "", url.searchParams.get("scenario") ?? "");
      return json(response, 200, {});
    }
    const keyId = ROUTE.exec(url.pathname)?.[1];
    if (keyId === undefined || request.method !== "POST")
      return json(response, 404, { success: false, errors: ["not found"] });
    const decodedKeyId = decodeURIComponent(keyId);
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const list = recorded.get(decodedKeyId) ?? [];
    list.push({
      method: request.method,
      path: url.pathname,
      authorization: request.headers.authorization,
      contentType: request.headers["content-type"],
      body,
    });
    recorded.set(decodedKeyId, list);

    if (request.headers.authorization !== `Bearer ${TURN_TEST_TOKEN}`) {
      return json(response, WRONG_TOKEN_STATUS, {
        success: false,
        errors: [{ code: 10000, message: "Authentication error" }],
      });
    }
    if (typeof (body as { ttl?: unknown } | undefined)?.ttl !== "number")
      return json(response, 400, { success: false });
    const scenario = turnScenario(answerAs.get(decodedKeyId) ?? decodedKeyId);
    if (!scenario) return json(response, 404, { success: false, errors: ["unknown key"] });
    if (scenario.hang) return; // never answers; the client gives up
    if (scenario.raw !== undefined) {
      response.writeHead(scenario.status, { "content-type": "application/json" });
      response.end(scenario.raw);
      return;
    }
    json(response, scenario.status, scenario.body);
  };

  const server = await startLocalServer(handle);
  const port = server.port;
  return {
    port,
    apiUrl: `http://127.0.0.1:${port}${TURN_API_PATH}`,
    close: () => server.close(),
  };
}
