// What one socket carries through hibernation: its machine snapshot (value + context, plain JSON) and the
// headers the webhooks copy. Limit: 16 KiB per attachment; we stay far below.
// https://developers.cloudflare.com/durable-objects/api/websockets/#serializeattachment
import type { StateValue } from "xstate";
import type { ConnectionContext } from "../../machines/connection.types";
import type { Occupant } from "../../machines/room.types";

export interface ConnectionAttachment {
  v: 1;
  value: StateValue;
  context: ConnectionContext;
  headers: Array<[string, string]>;
  /**
   * The room's occupants when this attachment was written. A socket whose close wakes the object is no longer
   * listed by getWebSockets(); its peer's attachment still knows it was there (and whether it was standalone).
   * Absent in attachments written before this field existed.
   */
  occupants?: Occupant[];
}

export function isConnectionAttachment(value: unknown): value is ConnectionAttachment {
  return typeof value === "object" && value !== null && (value as { v?: unknown }).v === 1;
}
