// The one Durable Object alarm, never later than the earliest deadline of any socket.
// Each setAlarm (and each deleteAlarm) is a row written and each alarm a request, and a row costs more than
// a request (https://developers.cloudflare.com/durable-objects/platform/pricing/): the alarm is written only
// when it must move earlier. When the earliest deadline moves later (the survivor's close deadline after
// `bye`, a busy socket's read deadline) or goes away (the room empties), the armed alarm stays; it fires
// early, finds nothing due, and is armed again for what is then the earliest deadline, or not at all.
// After a wake-up the armed time is read back (a row read) rather than written again (a row written).
// https://developers.cloudflare.com/durable-objects/api/alarms/
import { log } from "../log";

const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 5_000;

export class AlarmScheduler {
  /** The time of the armed alarm, null when none is armed, undefined when unknown (after a wake-up). */
  private armed: number | null | undefined = undefined;
  private retrying = false;

  constructor(private readonly ctx: DurableObjectState) {}

  /**
   * A wake-up with sockets: reads back what is armed before any event runs (blockConcurrencyWhile), so that a
   * frame waking a hibernated room rewrites nothing. While the alarm itself is running, storage reports none
   * (https://developers.cloudflare.com/durable-objects/api/alarms/#getalarm): the round re-arms as always.
   */
  recall(): void {
    void this.ctx.blockConcurrencyWhile(async () => {
      try {
        const stored = await this.ctx.storage.getAlarm();
        // Unless a write decided it meanwhile (a wake-up that settled something).
        if (this.armed === undefined) this.armed = stored;
      } catch (error) {
        // Unknown, as before: the next deadline is written.
        log("error", "alarm.error", { error: String(error) });
      }
    });
  }

  /** The alarm fired: it is gone unless armed again. */
  fired(): void {
    this.armed = null;
  }

  /** The earliest deadline is now `at` (null: there is none). */
  schedule(at: number | null): void {
    // No deadline: an armed alarm fires once more and finds nothing, cheaper than deleting it.
    if (at === null) return;
    // An alarm armed earlier fires first and re-arms; one armed at `at` is already right.
    if (typeof this.armed === "number" && this.armed <= at) return;
    this.armed = at;
    this.write(at).catch((error: unknown) => this.retry(at, error));
  }

  private write(at: number): Promise<void> {
    // Unconfirmed: an alarm write need not hold back `accept` or a relayed frame (the output gate).
    return this.ctx.storage.setAlarm(at, { allowUnconfirmed: true });
  }

  /**
   * A failed write (seen: SQLITE_BUSY under load) is retried until it holds or a newer time replaces it: in a
   * room where clients only answer pings, the pings come from this alarm, so nothing else would ever retry.
   */
  private retry(at: number, error: unknown): void {
    log("error", "alarm.error", { error: String(error) });
    // A newer time was asked for since (its own write decides), or a retry loop is already running.
    if (this.armed !== at || this.retrying) return;
    this.retrying = true;
    const attempt = async (delay: number): Promise<void> => {
      // Only while a write is failing: a bounded wait, not a deadline (those are data and the alarm).
      await scheduler.wait(delay);
      const wanted = this.armed;
      if (wanted === undefined || wanted === null) return;
      try {
        await this.write(wanted);
        // Another time was asked for during this write; its own write may have failed while this loop ran.
        if (this.armed !== wanted) return attempt(RETRY_FIRST_MS);
      } catch (next) {
        log("error", "alarm.error", { error: String(next), retryInMs: Math.min(delay * 2, RETRY_MAX_MS) });
        return attempt(Math.min(delay * 2, RETRY_MAX_MS));
      }
    };
    this.ctx.waitUntil(attempt(RETRY_FIRST_MS).finally(() => (this.retrying = false)));
  }
}
