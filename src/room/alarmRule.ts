// When the room's one alarm is written (src/room/alarm.ts does the writing). Each setAlarm (and each deleteAlarm)
// is a row written and each alarm a request, and a row costs more than a request
// (https://developers.cloudflare.com/durable-objects/platform/pricing/): the alarm is written only when it must
// move earlier. When the earliest deadline moves later (the survivor's close deadline after `bye`, a busy
// socket's read deadline) or goes away (the room empties), the armed alarm stays; it fires early, finds nothing
// due, and is armed again for what is then the earliest deadline, or not at all.

/** The time of the armed alarm, null when none is armed, undefined when unknown (after a wake-up). */
export type ArmedAlarm = number | null | undefined;

/** The time to write for the earliest deadline `at` (null: there is none), or null when no write is needed. */
export function alarmToWrite(armed: ArmedAlarm, at: number | null): number | null {
  // No deadline: an armed alarm fires once more and finds nothing, cheaper than deleting it.
  if (at === null) return null;
  // An alarm armed earlier fires first and re-arms; one armed at `at` is already right.
  if (typeof armed === "number" && armed <= at) return null;
  return at;
}

/** The wait before the first retry of a failed write. */
export const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 5_000;

/** The wait before the next retry: twice the last one, at most 5 s. */
export function nextRetryDelay(delay: number): number {
  return Math.min(delay * 2, RETRY_MAX_MS);
}
