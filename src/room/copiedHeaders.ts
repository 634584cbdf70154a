// Headers of the upgrade request that the webhooks copy (COPY_WEBSOCKET_HEADER_NAMES). They live in the
// socket attachment, so they are capped: a value over MAX_HEADER_VALUE_BYTES, or one that would take the
// total over MAX_COPIED_HEADER_BYTES, is dropped (and logged) rather than truncated.
import { log } from "../log";

const MAX_HEADER_VALUE_BYTES = 1024;
const MAX_COPIED_HEADER_BYTES = 4096;

const encoder = new TextEncoder();

export function copyHeaders(
  request: Request,
  names: readonly string[],
  ids: { roomId: string; connectionId: string },
): Array<[string, string]> {
  const copied: Array<[string, string]> = [];
  let total = 0;
  for (const name of names) {
    const value = request.headers.get(name);
    if (value === null) continue;
    const valueBytes = encoder.encode(value).byteLength;
    const bytes = name.length + valueBytes;
    if (valueBytes > MAX_HEADER_VALUE_BYTES || total + bytes > MAX_COPIED_HEADER_BYTES) {
      log("warn", "header.dropped", { ...ids, header: name, bytes: valueBytes });
      continue;
    }
    total += bytes;
    copied.push([name, value]);
  }
  return copied;
}
