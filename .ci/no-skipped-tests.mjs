// Fails when a vitest run left any test unrun (skip, skipIf, todo; a filter): every test must be able to fail,
// so none may be skipped (docs/tests.md). Reads the run's JSON report (`--reporter=json --outputFile.json=…`).
// Plain JavaScript: CI runs it on the system Node.
import { readFileSync } from "node:fs";

const [file] = process.argv.slice(2);
if (!file) throw new Error("usage: node .ci/no-skipped-tests.mjs <vitest JSON report>");
const report = JSON.parse(readFileSync(file, "utf8"));
const notRun = report.testResults.flatMap(({ name, status, assertionResults }) => [
  ...(assertionResults.length === 0 && status !== "failed" ? [`${status}: every test of ${name}`] : []),
  ...assertionResults
    .filter((test) => test.status !== "passed" && test.status !== "failed")
    .map((test) => `${test.status}: ${test.fullName} (${name})`),
]);
console.log(
  `${file}: ${report.numTotalTests} tests, ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${notRun.length} not run`,
);
if (notRun.length > 0 || report.numPendingTests > 0 || report.numTodoTests > 0) {
  const shown = notRun.slice(0, 40).concat(notRun.length > 40 ? [`… and ${notRun.length - 40} more`] : []);
  console.error(`FAIL: tests that did not run (nothing may be skipped; docs/tests.md):\n  ${shown.join("\n  ")}`);
  process.exit(1);
}
