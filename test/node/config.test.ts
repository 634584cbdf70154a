// parseConfig: every variable of the reference, its default, what it accepts and what it refuses; and the
// connection machine's settings derived from it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Config, configOf, connectionSettings } from "../../src/config";
import { defined } from "../support/defined";
import { config, failure } from "../support/parsedConfig";

/** The `KEY = "value"` lines of wrangler.toml's `[vars]` table. */
function wranglerVars(): Record<string, string> {
  const toml = readFileSync(fileURLToPath(new URL("../../wrangler.toml", import.meta.url).href), "utf8");
  const table = /^\[vars\]\n([^[]*)/m.exec(toml)?.[1] ?? "";
  return Object.fromEntries(
    [...table.matchAll(/^([A-Z_]+) = "([^"]*)"$/gm)].map(([line, name, value]) => [
      defined(name, `the name in ${line}`),
      defined(value, `the value in ${line}`),
    ]),
  );
}

const DEFAULTS: Config = {
  authnWebhookUrl: undefined,
  disconnectWebhookUrl: undefined,
  copyWebSocketHeaderNames: [],
  typeMessage: false,
  pingIntervalMs: 5000,
  pongTimeoutMs: 60000,
  readTimeoutMs: 90000,
  readLimitBytes: 1048576,
  webhookTimeoutMs: 5000,
  registerTimeoutMs: 10000,
  closeTimeoutMs: 10000,
  maxSocketsPerRoom: 100,
  logLevel: "info",
  allowedOrigins: "any",
  allowMissingOrigin: true,
  roomIdFromRegister: false,
  roomJurisdiction: undefined,
  turn: undefined,
  inspectToken: undefined,
  maxInspectorsPerRoom: 4,
};

describe("defaults", () => {
  it("applies every default to an empty env", () => {
    expect(config({})).toEqual(DEFAULTS);
  });

  it("reads wrangler.toml's [vars], what a deployment runs with, as exactly these defaults", () => {
    const vars = wranglerVars();
    expect(Object.keys(vars)).toContain("ALLOW_MISSING_ORIGIN");
    expect(config(vars)).toEqual(DEFAULTS);
  });

  it("treats empty strings as unset", () => {
    const empty = Object.fromEntries(Object.keys(envNames).map((name) => [name, ""]));
    expect(config(empty)).toEqual(DEFAULTS);
  });

  it("ignores bindings and variables it does not know", () => {
    expect(config({ ROOMS_DO: {}, SOMETHING_ELSE: "x" })).toEqual(DEFAULTS);
  });

  it("returns a frozen config", () => {
    const parsed = config({ COPY_WEBSOCKET_HEADER_NAMES: "x-a" });
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.copyWebSocketHeaderNames)).toBe(true);
  });
});

/** Every variable of the reference (the keys are what matters). */
const envNames = {
  AUTHN_WEBHOOK_URL: true,
  DISCONNECT_WEBHOOK_URL: true,
  COPY_WEBSOCKET_HEADER_NAMES: true,
  TYPE_MESSAGE: true,
  WS_PING_INTERVAL_SEC: true,
  WS_PONG_TIMEOUT_SEC: true,
  WS_READ_TIMEOUT_SEC: true,
  READ_LIMIT_BYTES: true,
  WEBHOOK_REQUEST_TIMEOUT_SEC: true,
  REGISTER_TIMEOUT_SEC: true,
  CLOSE_TIMEOUT_SEC: true,
  MAX_SOCKETS_PER_ROOM: true,
  LOG_LEVEL: true,
  ALLOWED_ORIGINS: true,
  ALLOW_MISSING_ORIGIN: true,
  ROOM_ID_FROM_REGISTER: true,
  ROOM_JURISDICTION: true,
  TURN_KEY_ID: true,
  TURN_KEY_API_TOKEN: true,
  TURN_API_URL: true,
  TURN_CREDENTIAL_TTL_SEC: true,
  INSPECT_TOKEN: true,
  MAX_INSPECTORS_PER_ROOM: true,
};

describe("TYPE_MESSAGE", () => {
  it.each(["true", "TRUE", "True", "1", "yes", "YES", "on", "On", " yes "])("reads %j as true", (word) => {
    expect(config({ TYPE_MESSAGE: word }).typeMessage).toBe(true);
  });

  it.each(["false", "FALSE", "False", "0", "no", "No", "off", "OFF"])("reads %j as false", (word) => {
    expect(config({ TYPE_MESSAGE: word }).typeMessage).toBe(false);
  });

  it("accepts JSON booleans (wrangler.jsonc vars)", () => {
    expect(config({ TYPE_MESSAGE: true }).typeMessage).toBe(true);
    expect(config({ TYPE_MESSAGE: false }).typeMessage).toBe(false);
  });

  it.each(["maybe", "2", "y", "t", "enabled"])("refuses %j", (word) => {
    expect(failure({ TYPE_MESSAGE: word }).variable).toBe("TYPE_MESSAGE");
  });
});

describe("durations in seconds", () => {
  const durations: Array<[string, keyof Config]> = [
    ["WS_PING_INTERVAL_SEC", "pingIntervalMs"],
    ["WS_PONG_TIMEOUT_SEC", "pongTimeoutMs"],
    ["WS_READ_TIMEOUT_SEC", "readTimeoutMs"],
    ["WEBHOOK_REQUEST_TIMEOUT_SEC", "webhookTimeoutMs"],
    ["REGISTER_TIMEOUT_SEC", "registerTimeoutMs"],
    ["CLOSE_TIMEOUT_SEC", "closeTimeoutMs"],
  ];

  it.each(durations)("%s accepts whole seconds, decimals, padding and JSON numbers", (name, field) => {
    expect(config({ [name]: "7" })[field]).toBe(7000);
    expect(config({ [name]: "0.2" })[field]).toBe(200);
    expect(config({ [name]: " 12 " })[field]).toBe(12000);
    expect(config({ [name]: 1.5 })[field]).toBe(1500);
  });

  it.each(durations)("%s refuses zero, negatives, words and non-finite values", (name) => {
    for (const value of [
      "0",
      "0.0",
      "-1",
      "abc",
      "5s",
      "1,5",
      "Infinity",
      "NaN",
      0,
      -2,
      Number.POSITIVE_INFINITY,
      true,
    ]) {
      const result = failure({ [name]: value });
      expect(result.variable).toBe(name);
    }
  });
});

describe("READ_LIMIT_BYTES", () => {
  it("accepts a positive whole number of bytes", () => {
    expect(config({ READ_LIMIT_BYTES: "256" }).readLimitBytes).toBe(256);
    expect(config({ READ_LIMIT_BYTES: 1 }).readLimitBytes).toBe(1);
  });

  it.each(["0", "-1", "1.5", "1e6", "1MiB", 2.5])("refuses %j", (value) => {
    expect(failure({ READ_LIMIT_BYTES: value }).variable).toBe("READ_LIMIT_BYTES");
  });
});

describe("MAX_SOCKETS_PER_ROOM", () => {
  it("accepts a positive whole number of sockets", () => {
    expect(config({ MAX_SOCKETS_PER_ROOM: "3" }).maxSocketsPerRoom).toBe(3);
    expect(config({ MAX_SOCKETS_PER_ROOM: " 250 " }).maxSocketsPerRoom).toBe(250);
    expect(config({ MAX_SOCKETS_PER_ROOM: 2 }).maxSocketsPerRoom).toBe(2);
  });

  it.each(["0", "-1", "2.5", "1e3", "many", 0, 1.5, true])("refuses %j", (value) => {
    expect(failure({ MAX_SOCKETS_PER_ROOM: value }).variable).toBe("MAX_SOCKETS_PER_ROOM");
  });
});

describe("webhook URLs", () => {
  it.each(["AUTHN_WEBHOOK_URL", "DISCONNECT_WEBHOOK_URL"])("%s accepts absolute http and https URLs", (name) => {
    const field = name === "AUTHN_WEBHOOK_URL" ? "authnWebhookUrl" : "disconnectWebhookUrl";
    expect(config({ [name]: "https://auth.example.com/hook?x=1" })[field]).toBe("https://auth.example.com/hook?x=1");
    expect(config({ [name]: "http://127.0.0.1:8080/hook" })[field]).toBe("http://127.0.0.1:8080/hook");
  });

  it.each(["AUTHN_WEBHOOK_URL", "DISCONNECT_WEBHOOK_URL"])(
    "%s refuses relative, non-http and non-URL values",
    (name) => {
      for (const value of ["/hook", "example.com/hook", "ftp://example.com/hook", "not a url", 42]) {
        expect(failure({ [name]: value }).variable).toBe(name);
      }
    },
  );
});

describe("COPY_WEBSOCKET_HEADER_NAMES", () => {
  it("splits on commas, trims, lower-cases and drops empty names", () => {
    expect(
      config({ COPY_WEBSOCKET_HEADER_NAMES: " X-Forwarded-For, x-custom-token ,,CF-Connecting-IP" })
        .copyWebSocketHeaderNames,
    ).toEqual(["x-forwarded-for", "x-custom-token", "cf-connecting-ip"]);
  });

  it.each(["x-ok, not a header", "x:colon", "x-ok,\u00e9"])("refuses %j and names the variable itself", (value) => {
    expect(failure({ COPY_WEBSOCKET_HEADER_NAMES: value }).variable).toBe("COPY_WEBSOCKET_HEADER_NAMES");
  });
});

describe("LOG_LEVEL", () => {
  it.each([
    ["info", "info"],
    ["WARN", "warn"],
    [" error ", "error"],
  ])("reads %j as %s", (value, level) => {
    expect(config({ LOG_LEVEL: value }).logLevel).toBe(level);
  });
});

describe("the inspector", () => {
  it("is off without INSPECT_TOKEN, and takes a hex token such as openssl rand -hex 32 makes", () => {
    expect(config({}).inspectToken).toBeUndefined();
    const token = "0f".repeat(32);
    expect(config({ INSPECT_TOKEN: token }).inspectToken).toBe(token);
  });

  it("allows four inspectors per room unless MAX_INSPECTORS_PER_ROOM says otherwise", () => {
    expect(config({}).maxInspectorsPerRoom).toBe(4);
    expect(config({ MAX_INSPECTORS_PER_ROOM: "1" }).maxInspectorsPerRoom).toBe(1);
  });
});

describe("the error of a malformed value", () => {
  const malformed: Array<[string, unknown]> = [
    ["AUTHN_WEBHOOK_URL", "nope"],
    ["DISCONNECT_WEBHOOK_URL", "nope"],
    ["COPY_WEBSOCKET_HEADER_NAMES", "a b"],
    ["TYPE_MESSAGE", "maybe"],
    ["WS_PING_INTERVAL_SEC", "abc"],
    ["WS_PONG_TIMEOUT_SEC", "abc"],
    ["WS_READ_TIMEOUT_SEC", "abc"],
    ["READ_LIMIT_BYTES", "abc"],
    ["WEBHOOK_REQUEST_TIMEOUT_SEC", "abc"],
    ["REGISTER_TIMEOUT_SEC", "0"],
    ["CLOSE_TIMEOUT_SEC", "-5"],
    ["MAX_SOCKETS_PER_ROOM", "1.5"],
    ["LOG_LEVEL", "verbose"],
    ["ALLOWED_ORIGINS", "https://example.com/path"],
    ["ALLOW_MISSING_ORIGIN", "maybe"],
    ["ROOM_ID_FROM_REGISTER", "maybe"],
    ["ROOM_JURISDICTION", "europe"],
    ["TURN_KEY_ID", "a/b"],
    ["TURN_API_URL", "rtc.example.com"],
    ["TURN_CREDENTIAL_TTL_SEC", "172801"],
    ["MAX_INSPECTORS_PER_ROOM", "0"],
  ];

  it("covers every variable but the secrets (below)", () => {
    const secrets = ["TURN_KEY_API_TOKEN", "INSPECT_TOKEN"];
    expect(malformed.map(([name]) => name).sort()).toEqual(
      Object.keys(envNames)
        .filter((name) => !secrets.includes(name))
        .sort(),
    );
  });

  it.each([
    ["shorter than 16 characters", "abcdef0123456"],
    ["a space, which no subprotocol can carry", "abcdef0123456789 abcdef"],
    ["a comma, which would split the subprotocol list", "abcdef0123456789,abcdef"],
    ["a non-ASCII character", "abcdef0123456789é"],
  ])("names INSPECT_TOKEN with %s, never showing its value", (_, token) => {
    const result = failure({ INSPECT_TOKEN: token });
    expect(result.variable).toBe("INSPECT_TOKEN");
    expect(result.message).toMatch(/^Invalid configuration: INSPECT_TOKEN expected at least 16 characters /);
    expect(result.message).not.toContain(token);
  });

  it("names TURN_KEY_API_TOKEN but never shows its value", () => {
    const result = failure({ TURN_KEY_ID: "k", TURN_KEY_API_TOKEN: "se cret" });
    expect(result.variable).toBe("TURN_KEY_API_TOKEN");
    expect(result.message).toMatch(/^Invalid configuration: TURN_KEY_API_TOKEN expected /);
    expect(result.message).not.toContain("se cret");
  });

  it.each(malformed)("names %s and what it expects, whatever else is valid, and never the value", (name, value) => {
    const result = failure({ TYPE_MESSAGE: "yes", READ_LIMIT_BYTES: "100", [name]: value });
    expect(result.variable).toBe(name);
    expect(result.message).toMatch(new RegExp(`^Invalid configuration: ${name} expected `));
    expect(result.message).not.toContain(String(value));
  });

  it("says which words a boolean may be", () => {
    expect(failure({ TYPE_MESSAGE: "maybe" }).message).toContain("true/false/1/0/yes/no/on/off");
  });
});

describe("configOf", () => {
  it("parses one env object once and a different env object anew", () => {
    const env = { TYPE_MESSAGE: "on" };
    const first = configOf(env);
    expect(configOf(env)).toBe(first);
    expect(configOf({ TYPE_MESSAGE: "on" })).not.toBe(first);
    expect(first).toEqual({ ok: true, config: { ...DEFAULTS, typeMessage: true } });
  });
});

describe("connectionSettings", () => {
  it("gives the connection machine the defaults, in milliseconds, with authentication off", () => {
    expect(connectionSettings(config({}))).toEqual({
      authnEnabled: false,
      turnEnabled: false,
      typeMessage: false,
      pingIntervalMs: 5000,
      pongTimeoutMs: 60000,
      readTimeoutMs: 90000,
      registerTimeoutMs: 10000,
      closeTimeoutMs: 10000,
    });
  });

  it("carries every setting the machine decides by, and only those", () => {
    const settings = connectionSettings(
      config({
        AUTHN_WEBHOOK_URL: "https://auth.example.com/hook",
        TYPE_MESSAGE: "on",
        WS_PING_INTERVAL_SEC: "2",
        WS_PONG_TIMEOUT_SEC: "3",
        WS_READ_TIMEOUT_SEC: "4",
        REGISTER_TIMEOUT_SEC: "0.5",
        CLOSE_TIMEOUT_SEC: "6",
        READ_LIMIT_BYTES: "10",
        MAX_SOCKETS_PER_ROOM: "7",
      }),
    );
    expect(settings).toEqual({
      authnEnabled: true,
      turnEnabled: false,
      typeMessage: true,
      pingIntervalMs: 2000,
      pongTimeoutMs: 3000,
      readTimeoutMs: 4000,
      registerTimeoutMs: 500,
      closeTimeoutMs: 6000,
    });
  });

  it("turns TURN on only when both the key id and its token are set", () => {
    expect(connectionSettings(config({ TURN_KEY_ID: "k", TURN_KEY_API_TOKEN: "t" })).turnEnabled).toBe(true);
    expect(connectionSettings(config({ TURN_API_URL: "https://turn.example.com/v1" })).turnEnabled).toBe(false);
  });

  it("turns authentication on only for a webhook URL, not for the disconnect webhook", () => {
    expect(connectionSettings(config({ DISCONNECT_WEBHOOK_URL: "https://example.com/d" })).authnEnabled).toBe(false);
    expect(connectionSettings(config({ AUTHN_WEBHOOK_URL: "" })).authnEnabled).toBe(false);
  });
});

describe("ROOM_ID_FROM_REGISTER", () => {
  it("is off by default and reads the boolean words", () => {
    expect(config({}).roomIdFromRegister).toBe(false);
    expect(config({ ROOM_ID_FROM_REGISTER: "on" }).roomIdFromRegister).toBe(true);
    expect(config({ ROOM_ID_FROM_REGISTER: true }).roomIdFromRegister).toBe(true);
  });
});

describe("ROOM_JURISDICTION", () => {
  it.each([
    ["eu", "eu"],
    ["US", "us"],
    [" fedramp ", "fedramp"],
    ["FedRAMP-High", "fedramp-high"],
  ])("reads %j as %s", (value, jurisdiction) => {
    expect(config({ ROOM_JURISDICTION: value }).roomJurisdiction).toBe(jurisdiction);
  });

  it.each(["europe", "weur", "eu,us", "fedramp_high", "*"])(
    "refuses %j, naming the jurisdictions Cloudflare has",
    (value) => {
      expect(failure({ ROOM_JURISDICTION: value })).toEqual({
        ok: false,
        variable: "ROOM_JURISDICTION",
        message: "Invalid configuration: ROOM_JURISDICTION expected one of eu/us/fedramp/fedramp-high",
      });
    },
  );
});

describe("TURN", () => {
  const turnEnv = { TURN_KEY_ID: "0123abcd", TURN_KEY_API_TOKEN: "tok_en-1" };

  it("is off unless both the key id and the token are set", () => {
    expect(config({}).turn).toBeUndefined();
    expect(config(turnEnv).turn).toEqual({
      keyId: "0123abcd",
      apiToken: "tok_en-1",
      apiUrl: "https://rtc.live.cloudflare.com/v1/turn/keys",
      credentialTtlSec: 86400,
    });
  });

  it.each([
    ["TURN_KEY_ID", { TURN_KEY_API_TOKEN: "t" }],
    ["TURN_KEY_API_TOKEN", { TURN_KEY_ID: "k" }],
  ])("names the missing %s when only the other one is set", (missing, env) => {
    const result = failure(env);
    expect(result.variable).toBe(missing);
    expect(result.message).not.toContain('"t"');
  });

  it("takes another API URL without its trailing slashes, and a TTL up to 48 h", () => {
    const parsed = config({
      ...turnEnv,
      TURN_API_URL: "http://127.0.0.1:9/v1/turn/keys//",
      TURN_CREDENTIAL_TTL_SEC: "172800",
    });
    expect(parsed.turn?.apiUrl).toBe("http://127.0.0.1:9/v1/turn/keys");
    expect(parsed.turn?.credentialTtlSec).toBe(172800);
  });

  it.each(["172801", "0", "3600.5", "-1", "1d"])("refuses TURN_CREDENTIAL_TTL_SEC=%j", (value) => {
    expect(failure({ ...turnEnv, TURN_CREDENTIAL_TTL_SEC: value }).variable).toBe("TURN_CREDENTIAL_TTL_SEC");
  });

  it("says the TTL limit is Cloudflare's 48 h", () => {
    expect(failure({ TURN_CREDENTIAL_TTL_SEC: "200000" }).message).toContain("48 h");
  });
});
