// @ts-check
// Mutation testing (`npm run mutate`, docs/tests.md "Mutation testing"): StrykerJS mutates the pure code and
// runs the node tests that cover each mutant (test/mutation/vitest.config.ts).
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts" },
  checkers: ["typescript"],
  tsconfigFile: "test/mutation/tsconfig.json",
  coverageAnalysis: "perTest",
  mutate: [
    "machines/**/*.ts",
    "src/stepping/**/*.ts",
    "src/protocol/**/*.ts",
    "src/room/alarmRule.ts",
    "src/room/attachment.ts",
    "src/edge/clientKey.ts",
    "src/edge/socketClose.ts",
  ],
  concurrency: 2,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  incrementalFile: "reports/mutation/incremental.json",
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 90, low: 80, break: null },
};
