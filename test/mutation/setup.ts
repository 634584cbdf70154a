// A failing property is enough to kill a mutant: no shrinking to the smallest counterexample, which can take
// longer than Stryker's timeout and would count a killed mutant as a timeout.
import fc from "fast-check";

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
