// Settings that are valid but hurt a known client. The Worker logs each as one `warn` line when it first
// parses an env (once per isolate), never per request; the Durable Object does not repeat them.
import { type Config, type ConfigResult, configOf } from "./config";
import { log, setLogLevel } from "./log";

/**
 * Momo gives up on a signaling connection (and reconnects) when no server `ping` arrives within 30 s. Pings
 * are on a grid (machines/deadlines.ts): the first one comes up to 1.5 intervals after `accept`, and a ping is
 * sent from the room's alarm, which can fire late and then has to cross the network. From 14 s on
 * (1.5 × 14 = 21 s), that leaves less than 10 s of slack, too little to rely on.
 */
export const MOMO_SAFE_PING_INTERVAL_SEC = 14;

export interface ConfigWarning {
  variable: string;
  message: string;
}

export function configWarnings(config: Config): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const pingSec = config.pingIntervalMs / 1000;
  if (pingSec >= MOMO_SAFE_PING_INTERVAL_SEC) {
    warnings.push({
      variable: "WS_PING_INTERVAL_SEC",
      message:
        `WS_PING_INTERVAL_SEC is ${pingSec}: Momo reconnects when no ping arrives within 30 s; ` +
        `keep it below ${MOMO_SAFE_PING_INTERVAL_SEC}`,
    });
  }
  return warnings;
}

const warned = new WeakSet<object>();

/** The Worker's view of its env: `configOf`, plus the warnings, logged the first time this env is seen. */
export function workerConfigOf(env: object): ConfigResult {
  const result = configOf(env);
  if (result.ok && !warned.has(env)) {
    warned.add(env);
    setLogLevel(result.config.logLevel);
    for (const warning of configWarnings(result.config)) log("warn", "config.warning", { ...warning });
  }
  return result;
}
