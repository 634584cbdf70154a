// What one socket carries through hibernation, validated when it is read back: the connection machine's
// state value and context (without the settings, which come from the current config), the headers the
// webhooks copy, and, on accepted sockets only, the room's occupants (machines/restore.ts uses them).
// Limit: 16 KiB per attachment. https://developers.cloudflare.com/durable-objects/api/websockets/#serializeattachment
//
// `v` is bumped whenever the shape changes. A socket whose attachment has another version or shape was
// written by another deployment: it is closed with 1012 (service restart) and the client reconnects.
import * as v from "valibot";
import type { StateValue } from "xstate";
import type { ConnectionContext } from "../../machines/connection.types";
import { DEADLINE_NAMES, type DeadlineName } from "../../machines/deadlines";
import type { Occupant } from "../../machines/room.types";

export const ATTACHMENT_VERSION = 3;

const Time = v.nullable(v.number());
const StateValueSchema: v.GenericSchema<StateValue> = v.union([
  v.string(),
  v.record(
    v.string(),
    v.lazy(() => StateValueSchema),
  ),
]);
const OccupantSchema = v.strictObject({ connectionId: v.string(), standalone: v.boolean() });

const AttachmentSchema = v.strictObject({
  v: v.literal(ATTACHMENT_VERSION),
  value: StateValueSchema,
  context: v.strictObject({
    connectionId: v.string(),
    openedAt: v.number(),
    registeredAt: Time,
    acceptedAt: Time,
    roomId: v.string(),
    routing: v.picklist(["url", "register"]),
    clientId: v.string(),
    standalone: v.boolean(),
    ayameClient: v.nullable(v.string()),
    libwebrtc: v.nullable(v.string()),
    peerId: v.nullable(v.string()),
    deadlines: v.strictObject(
      Object.fromEntries(DEADLINE_NAMES.map((name) => [name, Time])) as Record<DeadlineName, typeof Time>,
    ),
    grant: v.nullable(v.object({ iceServers: v.optional(v.unknown()), authzMetadata: v.optional(v.unknown()) })),
  }),
  headers: v.array(v.tuple([v.string(), v.string()])),
  occupants: v.optional(v.array(OccupantSchema)),
});

export type ConnectionAttachment = v.InferOutput<typeof AttachmentSchema>;

export function toAttachment(
  value: StateValue,
  context: ConnectionContext,
  headers: Array<[string, string]>,
  occupants: readonly Occupant[] | undefined,
): ConnectionAttachment {
  const { settings: _settings, ...persisted } = context;
  const attachment: ConnectionAttachment = { v: ATTACHMENT_VERSION, value, context: persisted, headers };
  if (occupants) attachment.occupants = [...occupants];
  return attachment;
}

export type ReadAttachment =
  | { kind: "ok"; attachment: ConnectionAttachment }
  /** `null`: the connection's machine finished (or never started); nothing to restore. */
  | { kind: "finished" }
  | { kind: "unusable"; problem: string };

export function readAttachment(ws: WebSocket): ReadAttachment {
  let raw: unknown;
  try {
    raw = ws.deserializeAttachment();
  } catch (error) {
    return { kind: "unusable", problem: `unreadable: ${String(error)}` };
  }
  if (raw === null || raw === undefined) return { kind: "finished" };
  const version = (raw as { v?: unknown }).v;
  if (version !== ATTACHMENT_VERSION)
    return { kind: "unusable", problem: `version ${JSON.stringify(version) ?? "none"}` };
  const result = v.safeParse(AttachmentSchema, raw);
  if (!result.success) return { kind: "unusable", problem: `shape: ${v.getDotPath(result.issues[0]) ?? "attachment"}` };
  return { kind: "ok", attachment: result.output };
}
