// `npm run bench [-- --quick] [-- --bare-url] [-- --url http://127.0.0.1:PORT/signaling] [-- --json out.json]`
//
// Starts the service and the bare relay baseline (bench/baseline/) with `wrangler dev`, measures both with
// the same `ws` load generator in alternating rounds, prints the table, and writes JSON and an SVG chart.
// A full run of our own server also refreshes docs/performance.svg and the table in docs/performance.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startWranglerDev, type WranglerDev } from "../test/support/wranglerDev";
import { BARE_URL_MARKER } from "./client";
import { figuresOf } from "./figures";
import { FULL, measureAll, QUICK, SCENARIOS, type ScenarioName } from "./measure";
import { type RunInfo, svgChart, textTable, withTable } from "./report";
import type { Target } from "./scenarios/target";

const USAGE = `usage: npm run bench -- [--quick] [--bare-url] [--url URL] [--json FILE] [--rounds N] [--only LIST] [--log-level L] [--inspector]
  --quick      small samples, finishes in under a minute (CI smoke test)
  --bare-url   our clients connect to the bare /signaling URL (as Momo does) and our server runs with
               ROOM_ID_FROM_REGISTER=true: every frame takes the extra hop through the Worker's router
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
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseOptions() {
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
    env,
  };
}

const startedAt = performance.now();

function progress(message: string): void {
  process.stderr.write(`[bench +${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);
}

async function main(): Promise<number> {
  const options = parseOptions();
  const started: WranglerDev[] = [];
  const stopAll = () => Promise.all(started.map((dev) => dev.stop()));
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

  try {
    progress(
      `starting wrangler dev with ${Object.entries(options.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    );
    const startServer = options.url
      ? Promise.resolve(undefined)
      : startWranglerDev({
          env: options.env,
          vars: { LOG_LEVEL: options.logLevel, ...(options.bareUrl ? { ROOM_ID_FROM_REGISTER: "true" } : {}) },
        });
    const startBaseline = startWranglerDev({ config: "bench/baseline/wrangler.toml", env: options.env });
    const [serverDev, baselineDev] = await Promise.allSettled([startServer, startBaseline]);
    for (const result of [serverDev, baselineDev])
      if (result.status === "fulfilled" && result.value) started.push(result.value);
    if (serverDev.status === "rejected") throw serverDev.reason;
    if (baselineDev.status === "rejected") throw baselineDev.reason;

    // Without --url, the server's wrangler dev was started above (and its start did not fail).
    const serverUrl = options.url?.toString() ?? serverDev.value?.url;
    if (serverUrl === undefined) throw new Error("no server to measure: no --url and no wrangler dev");
    const server: Target = {
      role: "server",
      url: serverUrl + (options.bareUrl ? BARE_URL_MARKER : ""),
      processGroup: serverDev.value?.processGroup,
    };
    const baseline: Target = {
      role: "baseline",
      url: baselineDev.value.url,
      processGroup: baselineDev.value.processGroup,
    };
    progress(`server ${server.url}, baseline ${baseline.url}`);

    const [serverResults, baselineResults] = await measureAll(
      [server, baseline],
      options.settings,
      options.only,
      progress,
    );
    if (!serverResults || !baselineResults) throw new Error("measureAll returned no results for a target");
    // wrangler dev rebuilds and restarts workerd when a source file changes, dropping every connection.
    const warnings = started
      .filter((dev) => /Reloading local server|Detected changes/.test(dev.output()))
      .map(() => "wrangler dev restarted during the run (a source file changed): the figures are not reliable");
    // The log lines are part of what is measured: at info they must have reached wrangler's output.
    if (serverDev.value && options.logLevel === "info" && !serverDev.value.output().includes('"event":"connection"')) {
      warnings.push("no connection summary line reached wrangler's output: the logging cost was not measured");
    }
    await stopAll();

    const figures = figuresOf(serverResults, baselineResults);
    const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
    const info: RunInfo = {
      date: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
      mode: options.quick ? "quick" : "full",
      rounds: options.settings.rounds,
      server:
        (options.url ? options.url.toString() : `Ayame-DO (wrangler dev, LOG_LEVEL=${options.logLevel})`) +
        (options.bareUrl ? ", bare URLs routed by register" : "") +
        (options.inspector ? ", DevTools inspector attached" : ""),
      machine: `${availableParallelism()} × ${cpu}, load ${loadavg()[0]?.toFixed(1) ?? "unknown"} at the end`,
    };
    console.log(`\n${textTable(figures)}\n`);

    mkdirSync(dirname(options.json), { recursive: true });
    const json = {
      info,
      settings: options.settings,
      scenarios: [...options.only],
      wranglerEnv: options.env,
      warnings,
      figures,
      raw: { server: serverResults, baseline: baselineResults },
    };
    writeFileSync(options.json, `${JSON.stringify(json, null, 2)}\n`);
    const chart = svgChart(figures, info);
    const svgPath = `${options.json.replace(/\.json$/, "")}.svg`;
    writeFileSync(svgPath, chart);
    progress(`wrote ${options.json} and ${svgPath}`);

    if (
      !options.quick &&
      !options.url &&
      !options.bareUrl &&
      !options.inspector &&
      options.only.size === SCENARIOS.length
    ) {
      // The chart shows the deployed default; the document has one table per log level.
      if (options.logLevel === "info") writeFileSync(resolve(projectRoot, "docs/performance.svg"), chart);
      const docPath = resolve(projectRoot, "docs/performance.md");
      const updated = withTable(readFileSync(docPath, "utf8"), figures, info, options.logLevel);
      if (updated) writeFileSync(docPath, updated);
      progress("refreshed docs/performance.svg and the table in docs/performance.md");
    }

    const errors = [
      ...serverResults.errors.map((e) => `server: ${e}`),
      ...baselineResults.errors.map((e) => `baseline: ${e}`),
    ];
    for (const error of errors) progress(`error: ${error}`);
    for (const warning of warnings) progress(`warning: ${warning}`);
    return errors.length === 0 ? 0 : 1;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
