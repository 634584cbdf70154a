// `npm run mutate`: StrykerJS over the pure code with the node tests (stryker.config.mjs), then over src/edge/
// with the Workers-pool tests (stryker.edge.config.mjs); docs/tests.md, "Mutation testing".
//   npm run mutate -- node | workers       only one of the two runs
//   npm run mutate -- --incremental        any other argument goes to Stryker (here: reuse the last results)
import { spawnSync } from "node:child_process";

const RUNS = { node: "stryker.config.mjs", workers: "stryker.edge.config.mjs" } as const;

const args = process.argv.slice(2);
const only = args.filter((arg): arg is keyof typeof RUNS => Object.hasOwn(RUNS, arg));
const strykerArgs = args.filter((arg) => !Object.hasOwn(RUNS, arg));
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

for (const [name, config] of Object.entries(RUNS)) {
  if (only.length > 0 && !only.includes(name as keyof typeof RUNS)) continue;
  const started = Date.now();
  const { status } = spawnSync("stryker", ["run", config, ...strykerArgs], { stdio: "inherit", env });
  console.log(`mutate: the ${name} run took ${Math.round((Date.now() - started) / 60_000)} min`);
  if (status !== 0) process.exit(status ?? 1);
}
