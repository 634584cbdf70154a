// Frames a client may send → the connection machine event each one is. One valibot schema per frame type
// yields its event (a relayed frame is checked for its type alone, which needs none); anything else is a
// malformed or unexpected frame. Never throws, and no problem string repeats what the client sent
// (valibot's default messages do: they name the received value).
import * as v from "valibot";
import type { ConnectionEvent, Registration, RelayFrameType } from "../../machines/connection.types";
import { RoomIdSchema } from "./roomId";

/** Like Ayame's own limits on ids that end up in logs and webhook bodies. */
export const MAX_CLIENT_ID_BYTES = 255;

/** Go's encoding/json (the reference server) treats `null` like an absent field, so do we. */
const optionalString = v.nullish(v.string());

const RegisterFrame = v.object({
  type: v.literal("register"),
  roomId: RoomIdSchema,
  clientId: v.nullish(v.pipe(v.string(), v.maxBytes(MAX_CLIENT_ID_BYTES, `longer than ${MAX_CLIENT_ID_BYTES} bytes`))),
  signalingKey: optionalString,
  key: optionalString,
  authnMetadata: v.optional(v.unknown()),
  ayameClient: optionalString,
  libwebrtc: optionalString,
  environment: optionalString,
  standalone: v.nullish(v.boolean()),
});

/** An event as a frame's schema yields it: the time is added by the caller. */
type FrameBody = ConnectionEvent extends infer E ? (E extends unknown ? Omit<E, "at"> : never) : never;

/** The register frame's fields without `type`, and without the `null` ones. */
const toRegistration = ({ type: _type, ...fields }: v.InferOutput<typeof RegisterFrame>): Registration =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null)) as unknown as Registration;

/**
 * A relayed frame is forwarded byte for byte: only its type is checked, as Ayame does. That check is the
 * lookup in this set: once a frame is known to be a JSON object with this string `type`, a schema would only
 * compare the same string again, and this is the path of nearly every frame (docs/performance.md).
 */
const RELAY_FRAME_TYPES: ReadonlySet<string> = new Set<RelayFrameType>(["offer", "answer", "candidate", "message"]);

const FRAME_SCHEMAS: Record<string, v.GenericSchema<unknown, FrameBody>> = {
  register: v.pipe(
    RegisterFrame,
    v.transform((frame) => ({ type: "REGISTER" as const, registration: toRegistration(frame) })),
  ),
  pong: v.pipe(
    v.looseObject({ type: v.literal("pong") }),
    v.transform(() => ({ type: "PONG" as const })),
  ),
  connected: v.pipe(
    v.looseObject({ type: v.literal("connected") }),
    v.transform(() => ({ type: "CONNECTED" as const })),
  ),
};

/** Types only the server sends: named in logs. Any other unknown type is logged as "unknown", never echoed. */
const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set(["ping", "bye", "accept", "reject"]);

/** What the web SDK sends every ping round (`JSON.stringify({ type: "pong" })`): known without parsing. */
const PONG_TEXT = '{"type":"pong"}';

/** The event one frame's text stands for. */
export function parseClientFrame(text: string, at: number): ConnectionEvent {
  if (text === PONG_TEXT) return { type: "PONG", at };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { type: "MALFORMED_FRAME", at, problem: "not valid JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { type: "MALFORMED_FRAME", at, problem: "not a JSON object" };
  }
  const type = (json as { type?: unknown }).type;
  if (typeof type !== "string") return { type: "MALFORMED_FRAME", at, problem: "no string type" };
  if (RELAY_FRAME_TYPES.has(type)) return { type: "RELAY", frameType: type as RelayFrameType, at, raw: text };
  const schema = Object.hasOwn(FRAME_SCHEMAS, type) ? FRAME_SCHEMAS[type] : undefined;
  if (!schema) return { type: "UNEXPECTED_FRAME", at, frameType: SERVER_FRAME_TYPES.has(type) ? type : "unknown" };
  const result = v.safeParse(schema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const field = v.getDotPath(issue) ?? type;
    // `expected` is the schema's own wording; `issue.message` may quote the received value.
    const why = issue.kind === "validation" ? issue.message : `expected ${issue.expected}`;
    return { type: "MALFORMED_FRAME", at, problem: `${type}.${field}: ${why}` };
  }
  return { ...result.output, at } as ConnectionEvent;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const encoder = new TextEncoder();

/** A raw WebSocket message → its event. Over the limit, the size is a lower bound, never encoded in full. */
export function frameEvent(message: string | ArrayBuffer, readLimitBytes: number, at: number): ConnectionEvent {
  if (typeof message === "string") {
    // UTF-8 needs at least one byte per UTF-16 unit and at most three.
    if (message.length > readLimitBytes) return { type: "OVERSIZED_FRAME", at, bytes: message.length };
    if (message.length * 3 > readLimitBytes) {
      const bytes = encoder.encode(message).byteLength;
      if (bytes > readLimitBytes) return { type: "OVERSIZED_FRAME", at, bytes };
    }
    return parseClientFrame(message, at);
  }
  if (message.byteLength > readLimitBytes) return { type: "OVERSIZED_FRAME", at, bytes: message.byteLength };
  let text: string;
  try {
    text = utf8.decode(message);
  } catch {
    return { type: "MALFORMED_FRAME", at, problem: "binary frame is not UTF-8" };
  }
  return parseClientFrame(text, at);
}
