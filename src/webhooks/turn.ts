// Cloudflare Realtime TURN: short-lived TURN credentials as ICE servers for `accept`.
// https://developers.cloudflare.com/realtime/turn/generate-credentials/
// POST {TURN_API_URL}/{TURN_KEY_ID}/credentials/generate-ice-servers, Bearer token, {"ttl": seconds}
// → 201 {"iceServers": [...]} (older keys: one object). Returns what happened; never throws.
import * as v from "valibot";
import type { TurnConfig } from "../config";
import { log } from "../log";
import { type IceServer, IceServerListSchema } from "../protocol/iceServers";
import { isUsableIceUrl, parseIceUrl } from "../protocol/iceUrls";
import { postJson } from "./postJson";

export type TurnIceServersResult =
  | { kind: "ok"; iceServers: IceServer[] }
  /** `problem` says why, for a log line; it never contains the API token. */
  | { kind: "failed"; problem: string };

const TurnAnswerSchema = v.object({ iceServers: IceServerListSchema });

function turnCredentialsUrl(turn: TurnConfig): string {
  return `${turn.apiUrl}/${encodeURIComponent(turn.keyId)}/credentials/generate-ice-servers`;
}

/** Asks the TURN API for ICE servers; `logFields` (e.g. roomId, connectionId) go into its one log line. */
export async function fetchTurnIceServers(
  turn: TurnConfig,
  timeoutMs: number,
  logFields: Record<string, unknown> = {},
): Promise<TurnIceServersResult> {
  const authorization: [string, string] = ["authorization", `Bearer ${turn.apiToken}`];
  const result = await postJson(turnCredentialsUrl(turn), { ttl: turn.credentialTtlSec }, [authorization], timeoutMs);
  const answer = result.ok ? turnIceServersFromAnswer(result.status, result.body) : failed(result.error);
  // Belt and braces: nothing we report may carry the token, whatever an error message quoted.
  const outcome = answer.kind === "failed" ? failed(answer.problem.replaceAll(turn.apiToken, "[token]")) : answer;
  // A success is told in the connection's summary line; a failure gets its own line when it happens.
  if (outcome.kind === "failed")
    log("warn", "turn", {
      ...logFields,
      status: result.ok ? result.status : undefined,
      durationMs: result.durationMs,
      outcome: outcome.kind,
      problem: outcome.problem,
    });
  return outcome;
}

/** The API's HTTP answer → ICE servers as `accept` carries them (every `urls` an array, no port 53). */
function turnIceServersFromAnswer(status: number, text: string): TurnIceServersResult {
  if (status < 200 || status > 299) return failed(`status ${status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failed("answer is not valid JSON");
  }
  const parsed = v.safeParse(TurnAnswerSchema, json);
  // Only where it went wrong: an issue message may quote the value, and the value may be a credential.
  if (!parsed.success)
    return failed(`answer has no valid iceServers (at ${v.getDotPath(parsed.issues[0]) ?? "top level"})`);
  const iceServers = parsed.output.iceServers
    .map((server) => ({
      ...server,
      urls: server.urls.filter((url) => isUsableIceUrl(url) && hasCredentialsIfTurn(url, server)),
    }))
    .filter((server) => server.urls.length > 0);
  if (iceServers.length === 0) return failed("answer has no usable ICE server URL (all on port 53 or invalid)");
  return { kind: "ok", iceServers };
}

/** Browsers throw on a TURN URL without username and credential: such a URL would break the whole list. */
function hasCredentialsIfTurn(url: string, server: IceServer): boolean {
  const scheme = parseIceUrl(url)?.scheme;
  const isTurn = scheme === "turn" || scheme === "turns";
  return !isTurn || (server.username !== undefined && server.credential !== undefined);
}

function failed(problem: string): TurnIceServersResult {
  return { kind: "failed", problem };
}
