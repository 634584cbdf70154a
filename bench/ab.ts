// `npm run bench:ab -- --a REF [--b REF] [--rounds N] [--log-level info|warn]`
//
// A same-run A/B of two versions of the service, each checked out into a temporary git worktree that shares
// this checkout's node_modules (B defaults to the working tree as it is now, uncommitted changes included,
// so that editing files during the run restarts neither server), with the bare baseline beside both. Each round runs
// the relay-throughput and the sessions scenario on all three in a rotating order, so that a machine getting
// slower or faster during the run shifts every side alike; it reports the medians of workerd CPU per relayed
// frame and per session. docs/performance.md quotes its results for every change that claims a speed-up.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startWranglerDev, type WranglerDev } from "../test/support/wranglerDev";
import { cpuSecondsOf } from "./devProcesses";
import { measureRelayThroughput } from "./scenarios/relayThroughput";
import { measureSessions } from "./scenarios/sessions";
import type { Target } from "./scenarios/target";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WRANGLER_ENV = { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false", VSCODE_INSPECTOR_OPTIONS: "{}" };

const { values } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string" },
    rounds: { type: "string", default: "5" },
    "log-level": { type: "string", default: "info" },
  },
});
if (!values.a) {
  console.error("usage: npm run bench:ab -- --a REF [--b REF] [--rounds N] [--log-level info|warn]");
  process.exit(2);
}
const git = (...args: string[]) => execFileSync("git", args, { cwd: projectRoot, encoding: "utf8" }).trim();
// `git stash create` makes a commit of the working tree's tracked changes without touching them.
const refB = values.b ?? (git("stash", "create") || "HEAD");
const rounds = Number(values.rounds);

function worktreeOf(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ayame-ab-"));
  git("worktree", "add", "--detach", dir, ref);
  symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"));
  return dir;
}

const median = (values: number[]) => {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const dirs = [worktreeOf(values.a as string), worktreeOf(refB)];
  const started: WranglerDev[] = [];
  try {
    const vars = { LOG_LEVEL: values["log-level"] as string };
    const [a, b, baseline] = await Promise.all([
      startWranglerDev({ config: join(dirs[0] as string, "wrangler.toml"), env: WRANGLER_ENV, vars }),
      startWranglerDev({ config: join(dirs[1] as string, "wrangler.toml"), env: WRANGLER_ENV, vars }),
      startWranglerDev({ config: "bench/baseline/wrangler.toml", env: WRANGLER_ENV }),
    ]);
    started.push(a, b, baseline);
    const targets: Array<[string, Target]> = [
      [`A ${values.a}`, { role: "server", url: a.url, processGroup: a.processGroup }],
      [`B ${values.b ?? "working tree"}`, { role: "server", url: b.url, processGroup: b.processGroup }],
      ["baseline", { role: "baseline", url: baseline.url, processGroup: baseline.processGroup }],
    ];
    const perFrame = new Map<string, number[]>();
    const perSession = new Map<string, number[]>();
    // One unmeasured round each: compiled code and warm caches before anything counts.
    for (const [, target] of targets) await measureSessions(target, 8, 1);
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length]) as Array<[string, Target]>;
      for (const [name, target] of order) {
        const throughput = await measureRelayThroughput(target, 50, 8, 5);
        if (throughput.cpu)
          perFrame.set(name, [...(perFrame.get(name) ?? []), (throughput.cpu.workerd * 1e6) / throughput.frames]);
        const before = cpuSecondsOf(target.processGroup);
        const sessions = await measureSessions(target, 32, 5);
        const after = cpuSecondsOf(target.processGroup);
        if (before && after)
          perSession.set(name, [
            ...(perSession.get(name) ?? []),
            ((after.workerd - before.workerd) * 1e3) / sessions.sessions,
          ]);
        process.stderr.write(
          `round ${round + 1} ${name}: ${throughput.frames} frames, ${sessions.sessions} sessions\n`,
        );
      }
    }
    const baseFrame = median(perFrame.get("baseline") ?? []);
    const baseSession = median(perSession.get("baseline") ?? []);
    console.log(`\n| variant | workerd µs per relayed frame | vs baseline | workerd ms per session | vs baseline |`);
    console.log(`| --- | ---: | ---: | ---: | ---: |`);
    for (const [name] of targets) {
      const frame = median(perFrame.get(name) ?? []);
      const session = median(perSession.get(name) ?? []);
      console.log(
        `| ${name} | ${frame.toFixed(1)} | ${(frame / baseFrame).toFixed(2)}× | ${session.toFixed(2)} | ${(session / baseSession).toFixed(2)}× |`,
      );
    }
    console.log(`\n_${rounds} rounds, medians; LOG_LEVEL=${values["log-level"]}._`);
  } finally {
    await Promise.all(started.map((dev) => dev.stop()));
    for (const dir of dirs) {
      git("worktree", "remove", "--force", dir);
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
