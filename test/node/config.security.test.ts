// The security-relevant variables: webhook URL schemes and credentials, ALLOWED_ORIGINS, ALLOW_MISSING_ORIGIN,
// and that no error message ever repeats the value it refused (it is logged and answered with 500).
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { config, failure } from "../support/parsedConfig";

describe("webhook URL schemes", () => {
  it.each([
    ["HTTP://Hooks.Example.COM/authn", "http://hooks.example.com/authn"],
    ["HTTPS://hooks.example.com:443/a?b=c", "https://hooks.example.com/a?b=c"],
    ["  https://hooks.example.com  ", "https://hooks.example.com/"],
  ])("accepts %j in any case, as the URL the runtime fetches (%s)", (value, href) => {
    expect(config({ AUTHN_WEBHOOK_URL: value }).authnWebhookUrl).toBe(href);
  });

  it.each([
    "javascript:alert(1)",
    "javascript://hooks.example.com/%0aalert(1)",
    "ftp://hooks.example.com/hook",
    "file:///etc/passwd",
    "data:application/json,{}",
    "ws://hooks.example.com/hook",
    "http://",
    "https:hooks.example.com",
    "mailto:ops@example.com",
    "http://user:%zz@hooks.example.com/",
  ])("refuses %j", (value) => {
    expect(failure({ DISCONNECT_WEBHOOK_URL: value }).variable).toBe("DISCONNECT_WEBHOOK_URL");
    expect(failure({ AUTHN_WEBHOOK_URL: value }).message).toBe(
      "Invalid configuration: AUTHN_WEBHOOK_URL expected an absolute http(s) URL",
    );
  });

  it("accepts user:password@ (sent as Basic authentication, like Ayame's Go client)", () => {
    expect(config({ AUTHN_WEBHOOK_URL: "https://ayame:s3cret@hooks.example.com/authn" }).authnWebhookUrl).toBe(
      "https://ayame:s3cret@hooks.example.com/authn",
    );
  });
});

describe("ALLOWED_ORIGINS", () => {
  it("is any origin when unset, empty or *", () => {
    expect(config({}).allowedOrigins).toBe("any");
    expect(config({ ALLOWED_ORIGINS: "" }).allowedOrigins).toBe("any");
    expect(config({ ALLOWED_ORIGINS: " * " }).allowedOrigins).toBe("any");
  });

  it("reads exact origins in the form browsers send them", () => {
    const parsed = config({
      ALLOWED_ORIGINS:
        "https://app.example.com, HTTPS://Other.Example.com:443,http://localhost:5173,,https://app.example.com",
    });
    expect(parsed.allowedOrigins).toEqual([
      "https://app.example.com",
      "https://other.example.com",
      "http://localhost:5173",
    ]);
    expect(Object.isFrozen(parsed.allowedOrigins)).toBe(true);
  });

  it("keeps origins of other schemes (browser extensions, apps)", () => {
    expect(config({ ALLOWED_ORIGINS: "chrome-extension://abcdefghijklmnop" }).allowedOrigins).toEqual([
      "chrome-extension://abcdefghijklmnop",
    ]);
  });

  it.each([
    "https://app.example.com/",
    "https://app.example.com/path",
    "https://app.example.com?x=1",
    "https://app.example.com#x",
    "https://user@app.example.com",
    "app.example.com",
    "https://*.example.com",
    "*.example.com",
    "*, https://app.example.com",
    "null",
    ",",
    "https://",
    "https://app example.com",
  ])("refuses %j", (value) => {
    const result = failure({ ALLOWED_ORIGINS: value });
    expect(result.variable).toBe("ALLOWED_ORIGINS");
    expect(result.message).toContain("expected * or comma-separated origins");
  });
});

describe("ALLOW_MISSING_ORIGIN", () => {
  it("is true by default and reads the boolean words", () => {
    expect(config({}).allowMissingOrigin).toBe(true);
    expect(config({ ALLOW_MISSING_ORIGIN: "false" }).allowMissingOrigin).toBe(false);
    expect(config({ ALLOW_MISSING_ORIGIN: "OFF" }).allowMissingOrigin).toBe(false);
    expect(config({ ALLOW_MISSING_ORIGIN: true }).allowMissingOrigin).toBe(true);
  });

  it("stays true by default when ALLOWED_ORIGINS is set (docs/security.md): Momo and native clients send no Origin", () => {
    expect(config({ ALLOWED_ORIGINS: "https://app.example.com" }).allowMissingOrigin).toBe(true);
  });

  it("refuses other words", () => {
    expect(failure({ ALLOW_MISSING_ORIGIN: "sometimes" }).variable).toBe("ALLOW_MISSING_ORIGIN");
  });
});

describe("error messages never repeat the value", () => {
  const SECRET = "tok3n-9f2c";
  const VARIABLES = [
    "AUTHN_WEBHOOK_URL",
    "DISCONNECT_WEBHOOK_URL",
    "COPY_WEBSOCKET_HEADER_NAMES",
    "TYPE_MESSAGE",
    "WS_PING_INTERVAL_SEC",
    "WS_PONG_TIMEOUT_SEC",
    "WS_READ_TIMEOUT_SEC",
    "READ_LIMIT_BYTES",
    "WEBHOOK_REQUEST_TIMEOUT_SEC",
    "LOG_LEVEL",
    "ALLOWED_ORIGINS",
    "ALLOW_MISSING_ORIGIN",
  ];
  // Strings, and values of the wrong type: valibot's own messages would quote those.
  const values: unknown[] = [
    `ftp://hooks.example.com/?token=${SECRET}`,
    `${SECRET} not valid`,
    [SECRET],
    { token: SECRET },
    9_412_771,
    false,
  ];

  it.each(VARIABLES)("%s", (name) => {
    for (const value of values) {
      const result = parseConfig({ [name]: value });
      if (result.ok) continue; // e.g. a boolean where a boolean is expected
      expect(result.variable).toBe(name);
      expect(result.message).not.toContain(SECRET);
      expect(result.message).not.toContain("9412771");
      expect(result.message).not.toMatch(/received/i);
    }
  });
});
