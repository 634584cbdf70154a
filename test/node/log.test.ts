// The log level decides which structured lines reach the console; a line is always one JSON object.
import { afterEach, describe, expect, it, vi } from "vitest";
import { log, setLogLevel } from "../../src/log";
import { defined } from "../support/defined";

afterEach(() => {
  setLogLevel("info");
  vi.restoreAllMocks();
});

function captureConsole() {
  const lines: Array<[string, string]> = [];
  for (const method of ["log", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((line: string) => void lines.push([method, line]));
  }
  return lines;
}

describe("log", () => {
  it("writes one JSON line per call, on the console method of its level", () => {
    const lines = captureConsole();
    log("info", "socket.accepted", { roomId: "r", connectionId: "c" });
    log("warn", "connection.closing", { roomId: "r", connectionId: "c", code: 1000 });
    log("error", "machine.error", { error: "x" });
    expect(lines.map(([method]) => method)).toEqual(["log", "warn", "error"]);
    expect(JSON.parse(defined(lines[0], "the first line")[1])).toEqual({
      level: "info",
      event: "socket.accepted",
      roomId: "r",
      connectionId: "c",
    });
  });

  it("drops info lines at LOG_LEVEL=warn and keeps warnings and errors", () => {
    const lines = captureConsole();
    setLogLevel("warn");
    log("info", "connection.accepted", {});
    log("warn", "webhook", {});
    log("error", "alarm.error", {});
    expect(lines.map(([, line]) => JSON.parse(line).event)).toEqual(["webhook", "alarm.error"]);
  });

  it("keeps only errors at LOG_LEVEL=error", () => {
    const lines = captureConsole();
    setLogLevel("error");
    log("info", "a", {});
    log("warn", "b", {});
    log("error", "c", {});
    expect(lines.map(([, line]) => JSON.parse(line).event)).toEqual(["c"]);
  });
});
