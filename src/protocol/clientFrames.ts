// Frames a client may send, validated with valibot. The shell turns the result into a machine event.
import * as v from "valibot";
import type { Registration, RelayFrameType } from "../../machines/connection.types";

/**
 * Go's encoding/json (the reference Ayame server) treats `null` like an absent field, so do we.
 * Any other wrong type is a protocol error.
 */
const optionalString = v.nullish(v.string());

export const RegisterFrameSchema = v.object({
  type: v.literal("register"),
  roomId: v.pipe(v.string("roomId must be a string"), v.minLength(1, "roomId must not be empty")),
  clientId: optionalString,
  signalingKey: optionalString,
  key: optionalString,
  authnMetadata: v.optional(v.unknown()),
  ayameClient: optionalString,
  libwebrtc: optionalString,
  environment: optionalString,
  standalone: v.nullish(v.boolean()),
});

const RELAY_TYPES: ReadonlySet<string> = new Set<RelayFrameType>(["offer", "answer", "candidate", "message"]);

export type ClientFrame =
  | { kind: "register"; registration: Registration }
  | { kind: "pong" }
  | { kind: "relay"; frameType: RelayFrameType }
  | { kind: "connected" }
  | { kind: "unexpected"; frameType: string }
  | { kind: "malformed"; problem: string };

/** Parses the text of one frame. Never throws. */
export function parseClientFrame(text: string): ClientFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: "malformed", problem: "not valid JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { kind: "malformed", problem: "not a JSON object" };
  }
  const type = (json as { type?: unknown }).type;
  if (typeof type !== "string") return { kind: "malformed", problem: "no string type" };
  if (RELAY_TYPES.has(type)) return { kind: "relay", frameType: type as RelayFrameType };
  switch (type) {
    case "pong":
      return { kind: "pong" };
    case "connected":
      return { kind: "connected" };
    case "register":
      return parseRegister(json);
    default:
      return { kind: "unexpected", frameType: type.slice(0, 64) };
  }
}

export function parseRegister(json: unknown): ClientFrame {
  const result = v.safeParse(RegisterFrameSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const field = v.getDotPath(issue) ?? "register";
    return { kind: "malformed", problem: `register.${field}: ${issue.message}` };
  }
  const frame = result.output;
  const registration: Registration = { roomId: frame.roomId };
  if (frame.clientId != null) registration.clientId = frame.clientId;
  if (frame.signalingKey != null) registration.signalingKey = frame.signalingKey;
  if (frame.key != null) registration.key = frame.key;
  if (frame.authnMetadata != null) registration.authnMetadata = frame.authnMetadata;
  if (frame.ayameClient != null) registration.ayameClient = frame.ayameClient;
  if (frame.libwebrtc != null) registration.libwebrtc = frame.libwebrtc;
  if (frame.environment != null) registration.environment = frame.environment;
  if (frame.standalone != null) registration.standalone = frame.standalone;
  return { kind: "register", registration };
}
