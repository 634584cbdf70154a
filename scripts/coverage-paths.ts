// Prints how much of each machine the generated paths reach. Exits non-zero below 100 %. Then, for the record,
// how much of the connection machine the Durable Object replay reaches: its paths leave out the events its
// allow-list says cannot happen there (test/worker-paths/support/allowList.ts, docs/statecharts.md).
import { connectionMachine } from "../machines/connection";
import {
  formatCoverageTable,
  measureMachinePathCoverage,
  measurePathCoverage,
} from "../test/support/statecharts/pathCoverage";
import { replayedPaths } from "../test/worker-paths/support/allowList";

const coverages = measureMachinePathCoverage();
console.log(formatCoverageTable(coverages));
console.log(
  formatCoverageTable([
    measurePathCoverage("connection, replayed against the Durable Object", connectionMachine, replayedPaths),
  ]),
);
const complete = coverages.every(
  ({ states, transitions }) => !states.unreached.length && !transitions.unreached.length,
);
process.exitCode = complete ? 0 : 1;
