// Worker variables → a typed, frozen config. Parsed once per Worker env / per Durable Object.
// A malformed value is a deployment error: the caller answers 500 naming the variable instead of guessing.
import * as v from "valibot";
import type { ConnectionSettings } from "../machines/connection.types";
import {
  bearerTokenVar,
  booleanVar,
  headerNamesVar,
  inspectTokenVar,
  jurisdictionVar,
  logLevelVar,
  originListVar,
  positiveIntegerVar,
  positiveNumberVar,
  type RoomJurisdiction,
  turnKeyIdVar,
  turnTtlVar,
  urlVar,
} from "./configVars";
import type { LogLevel } from "./log";

export type { RoomJurisdiction } from "./configVars";

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
  REGISTER_TIMEOUT_SEC: optional(positiveNumberVar),
  CLOSE_TIMEOUT_SEC: optional(positiveNumberVar),
  MAX_SOCKETS_PER_ROOM: optional(positiveIntegerVar),
  LOG_LEVEL: optional(logLevelVar),
  ALLOWED_ORIGINS: optional(originListVar),
  ALLOW_MISSING_ORIGIN: optional(booleanVar),
  ROOM_ID_FROM_REGISTER: optional(booleanVar),
  ROOM_JURISDICTION: optional(jurisdictionVar),
  TURN_KEY_ID: optional(turnKeyIdVar),
  TURN_KEY_API_TOKEN: optional(bearerTokenVar),
  TURN_API_URL: optional(urlVar),
  TURN_CREDENTIAL_TTL_SEC: optional(turnTtlVar),
  INSPECT_TOKEN: optional(inspectTokenVar),
  MAX_INSPECTORS_PER_ROOM: optional(positiveIntegerVar),
});

const DEFAULT_TURN_API_URL = "https://rtc.live.cloudflare.com/v1/turn/keys";

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
  registerTimeoutMs: number;
  closeTimeoutMs: number;
  maxSocketsPerRoom: number;
  logLevel: LogLevel;
  /** Origins a browser upgrade may come from: `"any"`, or exact origins as browsers send them. */
  allowedOrigins: "any" | readonly string[];
  /** Whether an upgrade without `Origin` (Momo, native clients) may connect. */
  allowMissingOrigin: boolean;
  /** Route a `/signaling` upgrade without a room id by its first `register` frame (src/edge/). */
  roomIdFromRegister: boolean;
  /** Rooms are created in this Cloudflare jurisdiction (src/edge/roomNamespace.ts); undefined: anywhere. */
  roomJurisdiction: RoomJurisdiction | undefined;
  turn: TurnConfig | undefined;
  /** Secret: turns `/inspect` on (docs/inspector.md). Never logged, never in an error message. */
  inspectToken: string | undefined;
  maxInspectorsPerRoom: number;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; variable: string; message: string };

export function parseConfig(env: Record<string, unknown>): ConfigResult {
  const vars = Object.fromEntries(Object.keys(ConfigSchema.entries).map((name) => [name, env[name]]));
  // The fallback message replaces valibot's default, which quotes the value it received.
  const result = v.safeParse(ConfigSchema, vars, { message: "has a value of the wrong kind" });
  if (!result.success) {
    const issue = result.issues[0];
    // The path may go into a list (COPY_WEBSOCKET_HEADER_NAMES.1); the user needs the variable's name.
    const variable = v.getDotPath(issue)?.split(".")[0] ?? "configuration";
    // Never the value: a webhook URL may carry a token, and this message is logged and answered with 500.
    return { ok: false, variable, message: `Invalid configuration: ${variable} ${issue.message}` };
  }
  const out = result.output;
  // Half a TURN setup is a deployment mistake (often a forgotten `wrangler secret put`), not "no TURN".
  if ((out.TURN_KEY_ID === undefined) !== (out.TURN_KEY_API_TOKEN === undefined)) {
    const [missing, other] =
      out.TURN_KEY_ID === undefined ? ["TURN_KEY_ID", "TURN_KEY_API_TOKEN"] : ["TURN_KEY_API_TOKEN", "TURN_KEY_ID"];
    return { ok: false, variable: missing, message: `Invalid configuration: ${missing} must be set when ${other} is` };
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
    registerTimeoutMs: (out.REGISTER_TIMEOUT_SEC ?? 10) * 1000,
    closeTimeoutMs: (out.CLOSE_TIMEOUT_SEC ?? 10) * 1000,
    maxSocketsPerRoom: out.MAX_SOCKETS_PER_ROOM ?? 100,
    logLevel: out.LOG_LEVEL ?? "info",
    allowedOrigins: out.ALLOWED_ORIGINS ?? "any",
    allowMissingOrigin: out.ALLOW_MISSING_ORIGIN ?? true,
    roomIdFromRegister: out.ROOM_ID_FROM_REGISTER ?? false,
    roomJurisdiction: out.ROOM_JURISDICTION,
    turn:
      out.TURN_KEY_ID !== undefined && out.TURN_KEY_API_TOKEN !== undefined
        ? Object.freeze({
            keyId: out.TURN_KEY_ID,
            apiToken: out.TURN_KEY_API_TOKEN,
            apiUrl: (out.TURN_API_URL ?? DEFAULT_TURN_API_URL).replace(/\/+$/, ""),
            credentialTtlSec: out.TURN_CREDENTIAL_TTL_SEC ?? 86400,
          })
        : undefined,
    inspectToken: out.INSPECT_TOKEN,
    maxInspectorsPerRoom: out.MAX_INSPECTORS_PER_ROOM ?? 4,
  };
  return { ok: true, config: Object.freeze(config) };
}

/** What the connection machine decides by: the one place where the config becomes machine settings. */
export function connectionSettings(config: Config): ConnectionSettings {
  return {
    authnEnabled: config.authnWebhookUrl !== undefined,
    turnEnabled: config.turn !== undefined,
    typeMessage: config.typeMessage,
    pingIntervalMs: config.pingIntervalMs,
    pongTimeoutMs: config.pongTimeoutMs,
    readTimeoutMs: config.readTimeoutMs,
    registerTimeoutMs: config.registerTimeoutMs,
    closeTimeoutMs: config.closeTimeoutMs,
  };
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
