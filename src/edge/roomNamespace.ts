// Which Durable Object namespace holds the rooms: the binding (`ROOMS_DO`, or `SIGNALLING_ROOM` of the original
// service), restricted to `ROOM_JURISDICTION` when that is set. Both routes to a room — the URL (src/index.ts) and
// the register frame (./registerRouter.ts) — take their namespace from here, so no socket reaches a room outside it.
// https://developers.cloudflare.com/durable-objects/reference/data-location/
import type { Config } from "../config";

export interface RoomBindings {
  ROOMS_DO?: DurableObjectNamespace;
  SIGNALLING_ROOM?: DurableObjectNamespace;
}

/** The namespace, or why there is none: the variable to name, the answer's text, and the runtime's own error. */
export type RoomNamespace =
  | { ok: true; namespace: DurableObjectNamespace }
  | { ok: false; variable: string; message: string; error?: string };

export function roomNamespace(bindings: RoomBindings, config: Config): RoomNamespace {
  const namespace = bindings.ROOMS_DO ?? bindings.SIGNALLING_ROOM;
  if (!namespace) {
    return {
      ok: false,
      variable: "ROOMS_DO",
      message: "Invalid configuration: ROOMS_DO (or SIGNALLING_ROOM) Durable Object binding is missing",
    };
  }
  if (config.roomJurisdiction === undefined) return { ok: true, namespace };
  try {
    return { ok: true, namespace: namespace.jurisdiction(config.roomJurisdiction) };
  } catch (error) {
    // Local workerd (wrangler dev, the test pool) throws "Jurisdiction restrictions are not implemented in
    // workerd". A room outside the jurisdiction would break the promise the variable makes: refuse instead.
    return {
      ok: false,
      variable: "ROOM_JURISDICTION",
      message:
        "Invalid configuration: ROOM_JURISDICTION cannot be honoured by this runtime (local workerd has no jurisdictions: unset it for local development)",
      error: String(error),
    };
  }
}
