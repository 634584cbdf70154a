// The options of `npm run bench` (bench/run.ts): parsed, checked, and turned into what the run needs.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FULL, QUICK, SCENARIOS, type ScenarioName } from "./measure";

const USAGE = `usage: npm run bench -- [--quick] [--bare-url] [--watched] [--url URL] [--json FILE] [--rounds N] [--only LIST] [--log-level L] [--inspector]
  --quick      small samples, finishes in under a minute (CI smoke test)
  --bare-url   our clients connect to the bare /signaling URL (as Momo does) and our server runs with
               ROOM_ID_FROM_REGISTER=true: every frame takes the extra hop through the Worker's router
  --watched    our server runs with INSPECT_TOKEN set and every room the bench opens on it has one live
               inspector (/inspect, docs/inspector.md) connected before its clients join: the cost of a
               watched room (the baseline has no inspector; docs are not refreshed)
  --log-level  LOG_LEVEL of our server: info (default: what is deployed) or warn (problems only; the
               baseline logs nothing). Under wrangler dev every log line also costs wrangler's Node process.
  --inspector  keep wrangler's DevTools inspector attached to both servers, as a plain \`wrangler dev\` does:
               every console line then also travels through it (a cost Cloudflare does not have)
  --url URL    measure this Ayame server (loopback only) instead of starting ours
  --json FILE  where to write the results (default bench/results/latest.json)
  --rounds N   A/B rounds per scenario (default 2 quick, 4 full)
  --only LIST  comma-separated subset of: ${SCENARIOS.join(",")} (docs are refreshed only by a full run of all)`;

// Observability and the explorer are wrangler dev's own extras; they would only add noise to both sides.
const WRANGLER_ENV: Record<string, string> = { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };
// A deployed Worker has no DevTools session. `wrangler dev` attaches one and, while it is attached, V8 hands
// every console call to it (arguments and stack) and wrangler prints the line from there; without it, workerd
// writes the line as structured JSON to its stdout and wrangler prints that. wrangler (4.x) leaves the
// inspector detached when it runs in a VS Code debug terminal, which it detects by this variable; the Worker
// and its logs are otherwise the same. docs/performance.md#the-inspector has the measured difference.
const NO_INSPECTOR_ENV = { VSCODE_INSPECTOR_OPTIONS: "{}" };
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      "bare-url": { type: "boolean", default: false },
      url: { type: "string" },
      json: { type: "string", default: "bench/results/latest.json" },
      rounds: { type: "string" },
      only: { type: "string" },
      "log-level": { type: "string", default: "info" },
      inspector: { type: "boolean", default: false },
      watched: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const settings = { ...(values.quick ? QUICK : FULL) };
  if (values.rounds !== undefined) {
    const rounds = Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20)
      throw new Error("--rounds must be an integer from 1 to 20");
    settings.rounds = rounds;
  }
  let url: URL | undefined;
  if (values.url !== undefined) {
    url = new URL(values.url);
    if (!isLoopback(url))
      throw new Error(`--url must point at this machine (localhost, 127.x.x.x, [::1]): ${values.url}`);
    if (values.watched) throw new Error("--watched needs our own server (it sets INSPECT_TOKEN): not with --url");
  }
  const only = new Set<ScenarioName>(SCENARIOS);
  if (values.only !== undefined) {
    only.clear();
    for (const name of values.only.split(",").map((part) => part.trim())) {
      if (!(SCENARIOS as readonly string[]).includes(name))
        throw new Error(`--only: unknown scenario ${name}\n${USAGE}`);
      only.add(name as ScenarioName);
    }
  }
  const logLevel = values["log-level"];
  if (logLevel !== "warn" && logLevel !== "info") throw new Error(`--log-level must be warn or info\n${USAGE}`);
  const bareUrl = values["bare-url"];
  const env = values.inspector ? WRANGLER_ENV : { ...WRANGLER_ENV, ...NO_INSPECTOR_ENV };
  return {
    quick: values.quick,
    bareUrl,
    url,
    json: resolve(projectRoot, values.json),
    settings,
    only,
    logLevel,
    inspector: values.inspector,
    watched: values.watched,
    env,
  };
}
