// The one Durable Object alarm, always at the earliest deadline of any socket.
// Each setAlarm is a row written and each alarm a request: write only when the time changes.
// https://developers.cloudflare.com/durable-objects/api/alarms/
import { log } from "../log";

const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 5_000;

export class AlarmScheduler {
  /** The time last asked for; undefined when unknown (after a wake-up, or after a failed write). */
  private armed: number | null | undefined = undefined;
  private retrying = false;

  constructor(private readonly ctx: DurableObjectState) {}

  /** The alarm fired: whatever was armed is gone. */
  fired(): void {
    this.armed = undefined;
  }

  schedule(at: number | null): void {
    if (at === this.armed) return;
    this.armed = at;
    this.write(at).catch((error: unknown) => this.retry(at, error));
  }

  private write(at: number | null): Promise<void> {
    const storage = this.ctx.storage;
    // Unconfirmed: an alarm write need not hold back `accept` or a relayed frame (the output gate).
    const options = { allowUnconfirmed: true };
    return at === null ? storage.deleteAlarm(options) : storage.setAlarm(at, options);
  }

  /**
   * A failed write (seen: SQLITE_BUSY under load) is retried until it holds or a newer time replaces it: in a
   * room where clients only answer pings, the pings come from this alarm, so nothing else would ever retry.
   */
  private retry(at: number | null, error: unknown): void {
    log("error", "alarm.error", { error: String(error) });
    // A newer time was asked for since (its own write decides), or a retry loop is already running.
    if (this.armed !== at || this.retrying) return;
    this.retrying = true;
    const attempt = async (delay: number): Promise<void> => {
      // Only while a write is failing: a bounded wait, not a deadline (those are data and the alarm).
      await scheduler.wait(delay);
      const wanted = this.armed;
      if (wanted === undefined) return;
      try {
        await this.write(wanted);
      } catch (next) {
        log("error", "alarm.error", { error: String(next), retryInMs: Math.min(delay * 2, RETRY_MAX_MS) });
        return attempt(Math.min(delay * 2, RETRY_MAX_MS));
      }
    };
    this.ctx.waitUntil(attempt(RETRY_FIRST_MS).finally(() => (this.retrying = false)));
  }
}
