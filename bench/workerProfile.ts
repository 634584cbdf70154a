// A V8 CPU profile of the service's Worker (and its Durable Objects) inside `wrangler dev`, taken through
// wrangler's DevTools inspector while the bench's relay and session scenarios run; prints where the
// isolate's time goes (and how much per relayed frame or session, when one scenario runs) and writes the
// .cpuprofile (open it in Chrome DevTools → Performance).
//   node --import ./scripts/resolveExtensionlessImports.ts bench/workerProfile.ts [--config bench/baseline/wrangler.toml]
//     [--only relay|sessions] [--log-level info|warn]
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { startWranglerDev } from "../test/support/wranglerDev";
import { measureRelayThroughput } from "./scenarios/relayThroughput";
import { measureSessions } from "./scenarios/sessions";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

class DevTools {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(
        message.error ? Promise.reject(new Error(JSON.stringify(message.error))) : message.result,
      );
      this.pending.delete(message.id);
    });
  }

  static connect(port: number): Promise<DevTools> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      ws.once("open", () => resolve(new DevTools(ws)));
      ws.once("error", reject);
    });
  }

  call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (result: unknown) => void);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * The modules of wrangler's bundle by first line: esbuild starts each module's code with a `// path` comment.
 * The bundle lives in .wrangler/tmp/dev-* next to the config only while wrangler dev runs.
 */
function bundleModules(configDir: string): Array<{ line: number; module: string }> {
  const tmp = join(configDir, ".wrangler", "tmp");
  if (!existsSync(tmp)) return [];
  const bundle = readdirSync(tmp)
    .filter((name) => name.startsWith("dev-"))
    .map((name) => join(tmp, name, "index.js"))
    .find((path) => existsSync(path));
  if (!bundle) return [];
  const modules: Array<{ line: number; module: string }> = [];
  readFileSync(bundle, "utf8")
    .split("\n")
    .forEach((text, line) => {
      const module = /^\/\/ ((?:node_modules|src|machines|bench|\.\.)\S*\.[cm]?[jt]s)$/.exec(text)?.[1];
      if (module !== undefined) modules.push({ line, module });
    });
  return modules;
}

/** Where a sampled function comes from: a package, a file of this project, or the runtime. */
function originOf(frame: ProfileNode["callFrame"], modules: ReadonlyArray<{ line: number; module: string }>): string {
  const { url, functionName, lineNumber } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "(runtime: native)";
  if (!url.endsWith("index.js") || modules.length === 0) return url.replace(/^.*\//, "");
  let module = "(wrangler's wrapper)";
  for (const entry of modules) {
    if (entry.line > lineNumber) break;
    module = entry.module;
  }
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1] ?? module;
}

function summarize(profile: CpuProfile, modules: ReadonlyArray<{ line: number; module: string }>, units: number): void {
  const totalMicros = profile.endTime - profile.startTime;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byNode = new Map<number, number>();
  for (const [index, nodeId] of samples.entries()) byNode.set(nodeId, (byNode.get(nodeId) ?? 0) + (deltas[index] ?? 0));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [nodeId, micros] of byNode) {
    const node = nodes.get(nodeId);
    if (!node) throw new Error(`the profile samples node ${nodeId}, which it does not list`);
    const frame = node.callFrame;
    const bucket = originOf(frame, modules);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + micros);
    const name = `${frame.functionName || "(anonymous)"}  ${bucket}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const busy = totalMicros - (byBucket.get("(idle)") ?? 0);
  if (units > 0) console.log(`isolate busy ${(busy / units).toFixed(1)} µs per relayed frame or session`);
  const print = (title: string, entries: Map<string, number>, limit: number) => {
    console.log(`\n${title} (self time, % of the isolate's non-idle time ${(busy / 1000).toFixed(0)} ms)`);
    for (const [name, micros] of [...entries]
      .filter(([name]) => !name.startsWith("(idle)"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)) {
      console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`);
    }
  };
  print("by origin", byBucket, 15);
  print("by function", byFunction, 25);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      out: { type: "string", default: "bench/results/worker.cpuprofile" },
      only: { type: "string", default: "relay,sessions" },
      "log-level": { type: "string" },
    },
  });
  const only = new Set(values.only.split(","));
  const dev = await startWranglerDev({
    ...(values.config ? { config: values.config } : {}),
    env: { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" },
    ...(values["log-level"] ? { vars: { LOG_LEVEL: values["log-level"] } } : {}),
  });
  try {
    const target = { role: "server" as const, url: dev.url, processGroup: dev.processGroup };
    await measureSessions(target, 4, 1); // warm-up
    const devtools = await DevTools.connect(dev.inspectorPort);
    await devtools.call("Profiler.enable");
    await devtools.call("Profiler.setSamplingInterval", { interval: 200 });
    await devtools.call("Profiler.start");
    const frames = only.has("relay") ? (await measureRelayThroughput(target, 8, 4, 3)).frames : 0;
    const sessions = only.has("sessions") ? (await measureSessions(target, 8, 3)).sessions : 0;
    const { profile } = await devtools.call<{ profile: CpuProfile }>("Profiler.stop");
    const modules = bundleModules(dirname(values.config ?? "wrangler.toml"));
    devtools.close();
    console.log(`profiled ${frames} relayed frames and ${sessions} sessions`);
    writeFileSync(values.out, JSON.stringify(profile));
    // Per unit only for one scenario alone (a mostly idle isolate's samples also carry the gaps between events).
    summarize(profile, modules, frames > 0 && sessions > 0 ? 0 : frames + sessions);
    console.log(`\nwrote ${values.out}`);
  } finally {
    await dev.stop();
  }
}

await main();
