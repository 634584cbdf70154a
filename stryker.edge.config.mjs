// @ts-check
// Mutation testing of src/edge/ (`npm run mutate`, docs/tests.md "Mutation testing"): the Worker's checks and the
// register router, against the Workers-pool tests that reach them (test/mutation/vitest.edge.config.ts).
import base from "./stryker.config.mjs";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: "test/mutation/vitest.edge.config.ts", related: false },
  // The two pure files of src/edge/ are mutated with the node tests (stryker.config.mjs).
  mutate: ["src/edge/**/*.ts", "!src/edge/clientKey.ts", "!src/edge/socketClose.ts"],
  htmlReporter: { fileName: "reports/mutation/edge/index.html" },
  jsonReporter: { fileName: "reports/mutation/edge/mutation.json" },
  incrementalFile: "reports/mutation/edge/incremental.json",
};
