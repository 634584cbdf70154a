// The one Durable Object alarm, never later than the earliest deadline of any socket, written only when it
// must move earlier (./alarmRule.ts says when, and why).
// After a wake-up the armed time is read back (a row read) rather than written again (a row written).
// https://developers.cloudflare.com/durable-objects/api/alarms/
import { log } from "../log";
import { type ArmedAlarm, alarmToWrite, nextRetryDelay, RETRY_FIRST_MS } from "./alarmRule";

export class AlarmScheduler {
  private armed: ArmedAlarm = undefined;
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
    const write = alarmToWrite(this.armed, at);
    if (write === null) return;
    this.armed = write;
    this.write(write).catch((error: unknown) => this.retry(write, error));
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
        log("error", "alarm.error", { error: String(next), retryInMs: nextRetryDelay(delay) });
        return attempt(nextRetryDelay(delay));
      }
    };
    this.ctx.waitUntil(attempt(RETRY_FIRST_MS).finally(() => (this.retrying = false)));
  }
}
