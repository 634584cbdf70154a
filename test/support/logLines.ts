// The structured log lines (src/log.ts) written while a test runs: the Durable Object shares the test's isolate.
import { vi } from "vitest";

/** Records the structured log lines (src/log.ts) written while a test runs; the Durable Object shares our isolate. */
export function captureLogLines(): { lines(): Array<Record<string, unknown>>; restore(): void } {
  const captured: Array<Record<string, unknown>> = [];
  const keep = (...args: unknown[]) => {
    if (typeof args[0] !== "string") return;
    try {
      captured.push(JSON.parse(args[0]) as Record<string, unknown>);
    } catch {
      // not one of ours
    }
  };
  const spies = [
    vi.spyOn(console, "log").mockImplementation(keep),
    vi.spyOn(console, "warn").mockImplementation(keep),
    vi.spyOn(console, "error").mockImplementation(keep),
  ];
  return {
    lines: () => captured,
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
