// Prints how much of each machine the generated paths reach. Exits non-zero below 100 %.
import { formatCoverageTable, measureMachinePathCoverage } from "../test/support/statecharts/pathCoverage";

const coverages = measureMachinePathCoverage();
console.log(formatCoverageTable(coverages));
const complete = coverages.every(({ states, transitions }) => !states.unreached.length && !transitions.unreached.length);
process.exitCode = complete ? 0 : 1;
