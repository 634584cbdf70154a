// A machine's states as its diagram names them, from the `definition` an `@xstate.actor` frame carries (the
// machine's config as JSON). The generator (scripts/statechartDiagrams.ts, stateIdOf) names each state by its
// key, or by its path joined with "_" when two states of the machine share a key; so does this.

/** A function from a state's path (["active", "accepted"]) to its name in the machine's diagram. */
export function stateNamer(definition) {
  const paths = [];
  const walk = (node, path) => {
    for (const [key, child] of Object.entries(node?.states ?? {})) {
      paths.push([...path, key]);
      walk(child, [...path, key]);
    }
  };
  walk(JSON.parse(definition), []);
  const keys = paths.map((path) => path.at(-1));
  const keysUnique = new Set(keys).size === keys.length;
  return (path) => (keysUnique ? path.at(-1) : path.join("_"));
}

/** Every active state of a snapshot `value`, outermost first: `{ a: { b: "c" } }` → a, a.b, a.b.c. */
export function activePaths(value, prefix = []) {
  if (typeof value === "string") return [[...prefix, value]];
  return Object.entries(value ?? {}).flatMap(([key, inner]) => [
    [...prefix, key],
    ...activePaths(inner, [...prefix, key]),
  ]);
}

/** The innermost active states (one, unless a state is parallel). */
export function leafPaths(value, prefix = []) {
  if (typeof value === "string") return [[...prefix, value]];
  return Object.entries(value ?? {}).flatMap(([key, inner]) => leafPaths(inner, [...prefix, key]));
}

/** What a reader calls the state a snapshot is in: its innermost states' names, e.g. `paired`. */
export function stateLabel(namer, value) {
  return leafPaths(value).map(namer).join(", ");
}
