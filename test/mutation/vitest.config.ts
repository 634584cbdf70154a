// The tests StrykerJS runs against each mutant (stryker.config.mjs, `npm run mutate`): the `node` project, set
// up for many short runs in one process. Not for `npm test`: the root vitest.config.ts runs these files as they are.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The file that failed last first (it most likely kills the next mutant of the same code too), then the quickest
 * first: a mutant is done at its first failing test (Stryker bails), so the slow exhaustive and property files
 * run only for the mutants that everything else lets through.
 */
class FailedThenQuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const result = (spec: TestSpecification) => this.ctx.cache.getTestSpecificationResult(spec);
    const rank = (spec: TestSpecification) => [result(spec)?.failed ? 0 : 1, result(spec)?.duration ?? 0] as const;
    return [...files].sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return ra[0] - rb[0] || ra[1] - rb[1] || a.moduleId.localeCompare(b.moduleId);
    });
  }
}

export default defineConfig({
  root: resolve(dirname(fileURLToPath(import.meta.url)), "../.."),
  test: {
    name: "node",
    include: ["test/node/**/*.test.ts"],
    environment: "node",
    // One worker imports the modules once per run instead of once per file (several times faster). Each of
    // Stryker's runs still starts afresh, so a mutant in code that runs at import (the machines' definitions)
    // is still seen.
    isolate: false,
    sequence: { sequencer: FailedThenQuickestFirst },
    setupFiles: ["test/mutation/setup.ts"],
  },
});
