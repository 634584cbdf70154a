// The connection machine's settings for tests: the Worker's defaults (src/config.ts), changed where a test
// says so. A new setting needs no edit here; a new switch a guard reads joins the variants by itself.
import type { ConnectionSettings } from "../../machines/connection.types";
import { connectionSettings } from "../../src/config";
import { config } from "./parsedConfig";

export const DEFAULT_SETTINGS: ConnectionSettings = Object.freeze(connectionSettings(config({})));

export const settingsWith = (overrides: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  ...DEFAULT_SETTINGS,
  ...overrides,
});

const SWITCHES = (Object.keys(DEFAULT_SETTINGS) as Array<keyof ConnectionSettings>).filter(
  (key) => typeof DEFAULT_SETTINGS[key] === "boolean",
);

/** Every combination of the boolean settings (the ones guards read), the rest at their defaults. */
export const SETTINGS_VARIANTS: ConnectionSettings[] = SWITCHES.reduce<ConnectionSettings[]>(
  (variants, key) => variants.flatMap((settings) => [false, true].map((on) => ({ ...settings, [key]: on }))),
  [DEFAULT_SETTINGS],
);
