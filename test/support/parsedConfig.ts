// parseConfig for tests: the config of an env that must be valid, or the refusal of one that must not be.
import { type Config, parseConfig } from "../../src/config";

export function config(env: Record<string, unknown>): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

export function failure(env: Record<string, unknown>) {
  const result = parseConfig(env);
  if (result.ok) throw new Error(`expected ${JSON.stringify(env)} to be refused`);
  return result;
}
