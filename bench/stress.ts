// `npm run stress [-- --quick] [-- --seed N] [-- --only fuzz,flood,hold] [-- --json FILE]`
//
// Hardening check against a `wrangler dev` it starts on 127.0.0.1 (loopback only): (a) a fuzz run of
// hostile frames across many rooms, each room then taking a fresh pair; (b) a flood of unregistered
// sockets into one room while a real pair joins it; (c) many rooms × 2 peers held while answering pings.
// Fails (exit 1) when a slot leaks, the real pair cannot join, a held socket drops, or the server logs an
// uncaught error, an `error` line or a stack trace. A full run that passes refreshes docs/security.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startWranglerDev, type WranglerDev } from "../test/support/wranglerDev";
import { measureIdleConnections } from "./scenarios/idleConnections";
import { type FloodSettings, runFlood } from "./stress/flood";
import { type FuzzSettings, runFuzz } from "./stress/fuzz";
import { failures, markdownReport, type StressReport, textReport } from "./stress/report";
import { serverErrors } from "./stress/serverErrors";

interface Settings {
  fuzz: Omit<FuzzSettings, "seed">;
  flood: FloodSettings;
  hold: { rooms: number; seconds: number; openSecondsLimit: number };
}

const QUICK: Settings = {
  fuzz: { rooms: 20, framesPerRoom: 50, burst: 5, concurrency: 8, closeWaitMs: 2000 },
  flood: { sockets: 300, checkpointEvery: 100, concurrency: 32 },
  // Longer than the default 5 s ping interval: every socket answers at least one ping.
  hold: { rooms: 50, seconds: 7, openSecondsLimit: 20 },
};

const FULL: Settings = {
  fuzz: { rooms: 250, framesPerRoom: 40, burst: 5, concurrency: 16, closeWaitMs: 3000 },
  flood: { sockets: 3000, checkpointEvery: 500, concurrency: 32 },
  hold: { rooms: 1000, seconds: 60, openSecondsLimit: 240 },
};

const PARTS = ["fuzz", "flood", "hold"] as const;
type Part = (typeof PARTS)[number];

const USAGE = `usage: npm run stress -- [--quick] [--seed N] [--only ${PARTS.join(",")}] [--json FILE]
  --quick  smaller counts, under a minute (CI)
  --seed   seed of the fuzz frames (default: random; printed, so a failing run can be repeated)
  --only   comma-separated subset of the parts (docs are refreshed only by a full run of all)
  --json   where to write the results (default bench/results/stress-latest.json)`;

// wrangler dev's own extras would only add noise; LOG_LEVEL=warn keeps problems (protocol errors are warn).
const WRANGLER_ENV = { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DOC = resolve(projectRoot, "docs/security.md");
const DOC_START = "<!-- stress-figures:start -->";
const DOC_END = "<!-- stress-figures:end -->";

function parseOptions() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      seed: { type: "string" },
      only: { type: "string" },
      json: { type: "string", default: "bench/results/stress-latest.json" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer\n${USAGE}`);
  const only = new Set<Part>(values.only === undefined ? PARTS : []);
  for (const name of values.only?.split(",").map((part) => part.trim()) ?? []) {
    if (!(PARTS as readonly string[]).includes(name)) throw new Error(`--only: unknown part ${name}\n${USAGE}`);
    only.add(name as Part);
  }
  return {
    quick: values.quick,
    seed,
    only,
    json: resolve(projectRoot, values.json),
    settings: values.quick ? QUICK : FULL,
  };
}

const startedAt = performance.now();
function progress(message: string): void {
  process.stderr.write(`[stress +${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);
}

async function main(): Promise<number> {
  const options = parseOptions();
  const { settings } = options;
  let dev: WranglerDev | undefined;
  process.once("SIGINT", () => void dev?.stop().then(() => process.exit(130)));
  try {
    progress(
      `starting wrangler dev (LOG_LEVEL=warn, ${Object.entries(WRANGLER_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}); seed ${options.seed}`,
    );
    dev = await startWranglerDev({ env: WRANGLER_ENV, vars: { LOG_LEVEL: "warn" } });
    const report: StressReport = {
      fuzz: undefined,
      flood: undefined,
      hold: undefined,
      holdRooms: settings.hold.rooms,
      errors: { counts: {}, samples: [] },
    };
    if (options.only.has("fuzz")) {
      progress(`fuzz: ${settings.fuzz.rooms} rooms × ${settings.fuzz.framesPerRoom} hostile frames`);
      report.fuzz = await runFuzz(dev.url, { ...settings.fuzz, seed: options.seed }, progress);
    }
    if (options.only.has("flood")) {
      progress(`flood: ${settings.flood.sockets} unregistered sockets into one room`);
      report.flood = await runFlood(dev.url, dev.processGroup, settings.flood, progress);
    }
    if (options.only.has("hold")) {
      progress(`hold: ${settings.hold.rooms} rooms × 2 peers for ${settings.hold.seconds} s`);
      const target = { role: "server" as const, url: dev.url, processGroup: dev.processGroup };
      [report.hold] = await measureIdleConnections(
        [target],
        settings.hold.rooms * 2,
        settings.hold.seconds,
        settings.hold.openSecondsLimit,
      );
    }
    report.errors = serverErrors(dev.output());
    if (/Reloading local server|Detected changes/.test(dev.output())) {
      report.errors.counts["wrangler dev restarted (a source file changed during the run)"] = 1;
    }
    await dev.stop();

    const reasons = failures(report, { holdSockets: settings.hold.rooms * 2 });
    const machine = `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}`;
    const heading = `${options.quick ? "quick" : "full"} run, seed ${options.seed}, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${machine}`;
    console.log(`\n${heading}\n\n${textReport(report)}\n`);
    for (const sample of report.errors.samples) console.log(`server: ${sample}`);

    mkdirSync(dirname(options.json), { recursive: true });
    const fuzz = report.fuzz && { ...report.fuzz, kinds: [...report.fuzz.kinds] };
    writeFileSync(
      options.json,
      `${JSON.stringify({ heading, settings, seed: options.seed, ...report, fuzz, failures: reasons }, null, 2)}\n`,
    );
    progress(`wrote ${options.json}`);

    if (reasons.length === 0 && !options.quick && options.only.size === PARTS.length) {
      const doc = readFileSync(DOC, "utf8");
      const start = doc.indexOf(DOC_START);
      const end = doc.indexOf(DOC_END);
      if (start >= 0 && end > start) {
        const figures = `${DOC_START}\nLatest full run (\`npm run stress\`): ${heading}.\n\n${markdownReport(report)}\n${DOC_END}`;
        writeFileSync(DOC, doc.slice(0, start) + figures + doc.slice(end + DOC_END.length));
        progress("refreshed the stress figures in docs/security.md");
      }
    }
    for (const reason of reasons) progress(`FAIL: ${reason}`);
    progress(reasons.length === 0 ? "PASS" : `FAIL (${reasons.length})`);
    return reasons.length === 0 ? 0 : 1;
  } finally {
    await dev?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
