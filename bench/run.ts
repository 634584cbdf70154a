// `npm run bench [-- --quick] [-- --bare-url] [-- --watched] [-- --url http://127.0.0.1:PORT/signaling] [-- --json out.json]`
//
// Starts the service and the bare relay baseline (bench/baseline/) with `wrangler dev`, measures both with
// the same `ws` load generator in alternating rounds, prints the table, and writes JSON and an SVG chart.
// A full run of our own server also refreshes docs/performance.svg and the table in docs/performance.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { startWranglerDev, type WranglerDev } from "../test/support/wranglerDev";
import { BARE_URL_MARKER } from "./client";
import { figuresOf } from "./figures";
import { measureAll, SCENARIOS } from "./measure";
import { parseOptions, projectRoot } from "./options";
import { type RunInfo, svgChart, textTable, withTable } from "./report";
import { BENCH_INSPECT_TOKEN, RoomInspectors } from "./roomInspectors";
import type { Target } from "./scenarios/target";

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
          vars: {
            LOG_LEVEL: options.logLevel,
            ...(options.bareUrl ? { ROOM_ID_FROM_REGISTER: "true" } : {}),
            ...(options.watched ? { INSPECT_TOKEN: BENCH_INSPECT_TOKEN } : {}),
          },
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
    const inspectors = options.watched ? new RoomInspectors(serverUrl, BENCH_INSPECT_TOKEN) : undefined;
    const server: Target = {
      role: "server",
      url: serverUrl + (options.bareUrl ? BARE_URL_MARKER : ""),
      processGroup: serverDev.value?.processGroup,
      watch: inspectors?.watch,
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
    if (inspectors) progress(inspectors.summary());
    if (inspectors && !inspectors.sawSteps)
      warnings.push("the inspectors got no frame beyond their greeting: the cost of a watched room was not measured");
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
        (options.inspector ? ", DevTools inspector attached" : "") +
        (options.watched ? ", watched by an inspector" : ""),
      machine: `${availableParallelism()} × ${cpu}, load ${loadavg()[0]?.toFixed(1) ?? "unknown"} at the end`,
    };
    console.log(`\n${textTable(figures)}\n`);

    mkdirSync(dirname(options.json), { recursive: true });
    const json = {
      info,
      settings: options.settings,
      scenarios: [...options.only],
      wranglerEnv: options.env,
      watched: inspectors ? { rooms: inspectors.rooms, frames: inspectors.frames, bytes: inspectors.bytes } : null,
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
      !options.watched &&
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
