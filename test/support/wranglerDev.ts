// Starts `wrangler dev` on a free loopback port for tests, the smoke suite, the e2e suite and the bench.
// It runs detached in its own process group so that stop() (or a crashed harness's cleanup) kills workerd too.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { freePort } from "./freePort";

export interface WranglerDev {
  /** e.g. http://127.0.0.1:43123 */
  url: string;
  port: number;
  /** Id of wrangler's process group, which holds its workerd too (the bench reads their memory). */
  processGroup: number;
  /** wrangler's DevTools inspector port (the bench's CPU profiler connects to it). */
  inspectorPort: number;
  /** Everything wrangler printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface WranglerDevOptions {
  /** Worker variables passed with `--var NAME:VALUE`. */
  vars?: Record<string, string>;
  /** Another wrangler config (e.g. the bench baseline). Default: the project's wrangler.toml. */
  config?: string;
  /** Extra environment, e.g. X_LOCAL_OBSERVABILITY=false for benchmarks. */
  env?: Record<string, string>;
  /** How long to wait for /.ok (ms). */
  startTimeoutMs?: number;
}

const projectRoot = fileURLToPath(new URL("../..", import.meta.url).href);

export async function startWranglerDev(options: WranglerDevOptions = {}): Promise<WranglerDev> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    "wrangler",
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
  ];
  if (options.config) args.push("--config", options.config);
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push("--var", `${name}:${value}`);
  const child: ChildProcess = spawn("npx", args, {
    cwd: projectRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_SEND_METRICS: "false",
      // Keeps wrangler from waiting on a TTY.
      CI: "true",
      // wrangler also appends every line it prints to a file under ~/.config/.wrangler/logs; the harnesses
      // keep the output themselves (and a bench at LOG_LEVEL=info would otherwise time that copy too).
      WRANGLER_WRITE_LOGS: "false",
      ...options.env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += String(chunk)));
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  let exited = false;
  child.on("exit", () => (exited = true));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const killed = once(child, "exit");
    const timeout = new Promise((resolve) => setTimeout(resolve, 5000).unref());
    await Promise.race([killed, timeout]);
    if (!exited) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  // A harness that exits without stop() must not leave workerd behind.
  process.once("exit", () => {
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`wrangler dev exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/.ok`);
      if (response.status === 200)
        return { url, port, processGroup: child.pid ?? 0, inspectorPort, output: () => output, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`wrangler dev did not answer /.ok within the timeout:\n${output}`);
}
