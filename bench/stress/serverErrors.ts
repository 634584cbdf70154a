// What wrangler dev printed that means the server went wrong: uncaught exceptions, `error` log lines
// (machine.error, effect.error, …) and stack traces. Protocol errors are `warn` and expected under fuzz.

export interface ServerErrors {
  /** Kind → how often, e.g. "Uncaught" → 2, "error line: effect.error" → 5, "stack trace" → 1. */
  counts: Record<string, number>;
  /** A few lines of each kind, for the report. */
  samples: string[];
}

const STACK_FRAME = /^\s+at\s+\S.*(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/;

export function serverErrors(output: string): ServerErrors {
  const found: ServerErrors = { counts: {}, samples: [] };
  const note = (kind: string, line: string) => {
    found.counts[kind] = (found.counts[kind] ?? 0) + 1;
    if (found.counts[kind] <= 3 && found.samples.length < 12)
      found.samples.push(`${kind}: ${line.trim().slice(0, 300)}`);
  };
  let inStack = false;
  // wrangler colours what it prints; the patterns are about the text.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern removes ANSI colour codes, which begin with ESC.
  for (const line of output.replace(/\x1b\[[0-9;]*m/g, "").split("\n")) {
    if (/Uncaught/.test(line)) note("Uncaught", line);
    const json = line.indexOf('{"level":"error"');
    if (json >= 0) {
      let event = "unknown";
      try {
        event = String((JSON.parse(line.slice(json, line.lastIndexOf("}") + 1)) as { event?: unknown }).event);
      } catch {
        // cut by the pipe; still an error line
      }
      note(`error line: ${event}`, line);
    } else if (/✘ \[ERROR\]/.test(line)) note("wrangler error", line);
    // One stack trace is counted once, not once per frame.
    const isFrame = STACK_FRAME.test(line);
    if (isFrame && !inStack) note("stack trace", line);
    inStack = isFrame;
  }
  return found;
}
