// What a test expects to be there, narrowed by a check instead of a non-null assertion (`!`, which Biome
// forbids): a missing value fails the test here, saying what was missing, not as a TypeError further on.

/** `value`, or a thrown error that names `what` was expected. */
export function defined<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, found ${value}`);
  return value;
}
