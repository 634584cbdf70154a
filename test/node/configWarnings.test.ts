// Valid settings that hurt a known client: one `warn` line per env, when the Worker first parses it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config";
import { configWarnings, MOMO_SAFE_PING_INTERVAL_SEC, workerConfigOf } from "../../src/configWarnings";
import { defined } from "../support/defined";

function warningsFor(env: Record<string, unknown>) {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.message);
  return configWarnings(result.config);
}

afterEach(() => vi.restoreAllMocks());

describe("WS_PING_INTERVAL_SEC and Momo's 30 s watchdog", () => {
  it(`warns from ${MOMO_SAFE_PING_INTERVAL_SEC} s on, not below`, () => {
    expect(warningsFor({})).toEqual([]);
    expect(warningsFor({ WS_PING_INTERVAL_SEC: "13.9" })).toEqual([]);
    expect(warningsFor({ WS_PING_INTERVAL_SEC: String(MOMO_SAFE_PING_INTERVAL_SEC) })).toEqual([
      { variable: "WS_PING_INTERVAL_SEC", message: expect.stringContaining("Momo") },
    ]);
    expect(warningsFor({ WS_PING_INTERVAL_SEC: "45" })).toHaveLength(1);
  });

  it("is logged once per env object, as one warn line, not on every request", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const env = { WS_PING_INTERVAL_SEC: "25" };
    for (let i = 0; i < 3; i++) expect(workerConfigOf(env).ok).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(defined(warn.mock.calls[0], "a warn call")[0]))).toMatchObject({
      level: "warn",
      event: "config.warning",
      variable: "WS_PING_INTERVAL_SEC",
    });
  });

  it("logs nothing for the defaults", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    workerConfigOf({});
    expect(warn).not.toHaveBeenCalled();
  });
});
