// A raw WebSocket message → the connection machine event it stands for.
import type { ConnectionEvent } from "../../machines/connection.types";
import { parseClientFrame } from "../protocol/clientFrames";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const encoder = new TextEncoder();

/** UTF-8 byte length, without encoding when the UTF-16 length already decides. */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return encoder.encode(text).byteLength > limit;
}

export function frameEvent(message: string | ArrayBuffer, readLimitBytes: number, at: number): ConnectionEvent {
  let text: string;
  if (typeof message === "string") {
    if (exceedsBytes(message, readLimitBytes)) {
      return { type: "OVERSIZED_FRAME", at, bytes: encoder.encode(message).byteLength };
    }
    text = message;
  } else {
    if (message.byteLength > readLimitBytes) return { type: "OVERSIZED_FRAME", at, bytes: message.byteLength };
    try {
      text = utf8.decode(message);
    } catch {
      return { type: "MALFORMED_FRAME", at, problem: "binary frame is not UTF-8" };
    }
  }
  const frame = parseClientFrame(text);
  switch (frame.kind) {
    case "register":
      return { type: "REGISTER", at, registration: frame.registration };
    case "pong":
      return { type: "PONG", at };
    case "relay":
      return { type: "RELAY", at, frameType: frame.frameType, raw: text };
    case "connected":
      return { type: "CONNECTED", at };
    case "unexpected":
      return { type: "UNEXPECTED_FRAME", at, frameType: frame.frameType };
    case "malformed":
      return { type: "MALFORMED_FRAME", at, problem: frame.problem };
  }
}
