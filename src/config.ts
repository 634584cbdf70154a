// Worker variables → a typed, frozen config. Parsed once per Worker env / per Durable Object.
// A malformed value is a deployment error: the caller answers 500 naming the variable instead of guessing.
import * as v from "valibot";
import { LOG_LEVELS, type LogLevel } from "./log";

const TRUE_WORDS = ["true", "1", "yes", "on"] as const;
const FALSE_WORDS = ["false", "0", "no", "off"] as const;

/** Vars may arrive as strings (`[vars]`, `--var`, dashboard) or as JSON values (wrangler.jsonc). */
const booleanVar = v.union([
  v.boolean(),
  v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.picklist([...TRUE_WORDS, ...FALSE_WORDS], "expected one of true/false/1/0/yes/no/on/off"),
    v.transform((word) => (TRUE_WORDS as readonly string[]).includes(word)),
  ),
], "expected one of true/false/1/0/yes/no/on/off");

const numberFromString = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d+(\.\d+)?$/, "expected a positive number"),
  v.transform(Number),
);

const positiveNumberVar = v.pipe(
  v.union([v.number(), numberFromString], "expected a positive number"),
  v.finite("expected a positive number"),
  v.gtValue(0, "expected a positive number"),
);

const positiveIntegerVar = v.pipe(positiveNumberVar, v.integer("expected a positive integer"));

const urlVar = v.pipe(
  v.string(),
  v.trim(),
  v.url("expected an absolute http(s) URL"),
  v.regex(/^https?:\/\//i, "expected an absolute http(s) URL"),
);

const headerNamesVar = v.pipe(
  v.string(),
  v.transform((list) =>
    list
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name.length > 0),
  ),
  v.array(v.pipe(v.string(), v.regex(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/, "expected comma-separated header names"))),
);

/** A path segment: Cloudflare's TURN key ids are hex; anything URL-safe is accepted. */
const turnKeyIdVar = v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9._~-]+$/, "expected a TURN key id (letters, digits, - _ . ~)"));

/** Goes into an Authorization header: printable ASCII without spaces. */
const bearerTokenVar = v.pipe(v.string(), v.trim(), v.regex(/^[\x21-\x7e]+$/, "expected an API token (printable ASCII, no spaces)"));

/** Cloudflare issues TURN credentials for at most 48 hours. */
export const MAX_TURN_CREDENTIAL_TTL_SEC = 172800;

const turnTtlVar = v.pipe(
  positiveIntegerVar,
  v.maxValue(MAX_TURN_CREDENTIAL_TTL_SEC, `expected at most ${MAX_TURN_CREDENTIAL_TTL_SEC} seconds (48 h, Cloudflare's limit)`),
);

const logLevelVar = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.picklist(LOG_LEVELS, "expected one of info/warn/error"),
);

/** Empty strings count as unset, so `AUTHN_WEBHOOK_URL = ""` turns a feature off. */
function optional<T extends v.GenericSchema>(schema: T) {
  return v.pipe(
    v.optional(v.unknown()),
    v.transform((value) => (value === "" || value === null ? undefined : value)),
    v.optional(schema),
  );
}

const ConfigSchema = v.object({
  AUTHN_WEBHOOK_URL: optional(urlVar),
  DISCONNECT_WEBHOOK_URL: optional(urlVar),
  COPY_WEBSOCKET_HEADER_NAMES: optional(headerNamesVar),
  TYPE_MESSAGE: optional(booleanVar),
  WS_PING_INTERVAL_SEC: optional(positiveNumberVar),
  WS_PONG_TIMEOUT_SEC: optional(positiveNumberVar),
  WS_READ_TIMEOUT_SEC: optional(positiveNumberVar),
  READ_LIMIT_BYTES: optional(positiveIntegerVar),
  WEBHOOK_REQUEST_TIMEOUT_SEC: optional(positiveNumberVar),
  LOG_LEVEL: optional(logLevelVar),
  ROOM_ID_FROM_REGISTER: optional(booleanVar),
  REGISTER_TIMEOUT_SEC: optional(positiveNumberVar),
  TURN_KEY_ID: optional(turnKeyIdVar),
  TURN_KEY_API_TOKEN: optional(bearerTokenVar),
  TURN_API_URL: optional(urlVar),
  TURN_CREDENTIAL_TTL_SEC: optional(turnTtlVar),
});

/** Secrets: an error names them but never shows their value. */
const SECRET_VARS: ReadonlySet<string> = new Set(["TURN_KEY_API_TOKEN"]);

export const DEFAULT_TURN_API_URL = "https://rtc.live.cloudflare.com/v1/turn/keys";

/** Cloudflare Realtime TURN: set when both TURN_KEY_ID and TURN_KEY_API_TOKEN are. */
export interface TurnConfig {
  keyId: string;
  /** Secret (`wrangler secret put TURN_KEY_API_TOKEN`): never logged, never in an error message. */
  apiToken: string;
  /** Without a trailing slash. */
  apiUrl: string;
  credentialTtlSec: number;
}

export interface Config {
  authnWebhookUrl: string | undefined;
  disconnectWebhookUrl: string | undefined;
  copyWebSocketHeaderNames: readonly string[];
  typeMessage: boolean;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  readTimeoutMs: number;
  readLimitBytes: number;
  webhookTimeoutMs: number;
  logLevel: LogLevel;
  /** Route a `/signaling` upgrade without a room id by its first `register` frame (src/edge/). */
  roomIdFromRegister: boolean;
  /** A socket must send `register` within this long after the upgrade. */
  registerTimeoutMs: number;
  turn: TurnConfig | undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; variable: string; message: string };

export function parseConfig(env: Record<string, unknown>): ConfigResult {
  const vars = Object.fromEntries(Object.keys(ConfigSchema.entries).map((name) => [name, env[name]]));
  const result = v.safeParse(ConfigSchema, vars);
  if (!result.success) {
    const issue = result.issues[0];
    // The path may go into a list (COPY_WEBSOCKET_HEADER_NAMES.1); the user needs the variable's name.
    const variable = v.getDotPath(issue)?.split(".")[0] ?? "configuration";
    const got = SECRET_VARS.has(variable) ? "value hidden" : `got ${JSON.stringify(vars[variable])}`;
    return { ok: false, variable, message: `Invalid configuration: ${variable} ${issue.message} (${got})` };
  }
  const out = result.output;
  // Half a TURN setup is a deployment mistake (often a forgotten `wrangler secret put`), not "no TURN".
  const missingTurn =
    out.TURN_KEY_ID !== undefined && out.TURN_KEY_API_TOKEN === undefined
      ? "TURN_KEY_API_TOKEN"
      : out.TURN_KEY_ID === undefined && out.TURN_KEY_API_TOKEN !== undefined
        ? "TURN_KEY_ID"
        : undefined;
  if (missingTurn) {
    const other = missingTurn === "TURN_KEY_ID" ? "TURN_KEY_API_TOKEN" : "TURN_KEY_ID";
    return { ok: false, variable: missingTurn, message: `Invalid configuration: ${missingTurn} must be set when ${other} is` };
  }
  const config: Config = {
    authnWebhookUrl: out.AUTHN_WEBHOOK_URL,
    disconnectWebhookUrl: out.DISCONNECT_WEBHOOK_URL,
    copyWebSocketHeaderNames: Object.freeze(out.COPY_WEBSOCKET_HEADER_NAMES ?? []),
    typeMessage: out.TYPE_MESSAGE ?? false,
    pingIntervalMs: (out.WS_PING_INTERVAL_SEC ?? 5) * 1000,
    pongTimeoutMs: (out.WS_PONG_TIMEOUT_SEC ?? 60) * 1000,
    readTimeoutMs: (out.WS_READ_TIMEOUT_SEC ?? 90) * 1000,
    readLimitBytes: out.READ_LIMIT_BYTES ?? 1048576,
    webhookTimeoutMs: (out.WEBHOOK_REQUEST_TIMEOUT_SEC ?? 5) * 1000,
    logLevel: out.LOG_LEVEL ?? "info",
    roomIdFromRegister: out.ROOM_ID_FROM_REGISTER ?? false,
    registerTimeoutMs: (out.REGISTER_TIMEOUT_SEC ?? 10) * 1000,
    turn:
      out.TURN_KEY_ID !== undefined && out.TURN_KEY_API_TOKEN !== undefined
        ? Object.freeze({
            keyId: out.TURN_KEY_ID,
            apiToken: out.TURN_KEY_API_TOKEN,
            apiUrl: (out.TURN_API_URL ?? DEFAULT_TURN_API_URL).replace(/\/+$/, ""),
            credentialTtlSec: out.TURN_CREDENTIAL_TTL_SEC ?? 86400,
          })
        : undefined,
  };
  return { ok: true, config: Object.freeze(config) };
}

const cache = new WeakMap<object, ConfigResult>();

/** The config of one Worker env object, parsed once. */
export function configOf(env: object): ConfigResult {
  let result = cache.get(env);
  if (!result) {
    result = parseConfig(env as Record<string, unknown>);
    cache.set(env, result);
  }
  return result;
}
