// Bodies of the two webhooks and the authentication webhook's answer.
import * as v from "valibot";

export interface AuthnWebhookRequest {
  roomId: string;
  clientId: string;
  connectionId: string;
  signalingKey?: string;
  authnMetadata?: unknown;
  ayameClient?: string;
  libwebrtc?: string;
  environment?: string;
}

export interface DisconnectWebhookRequest {
  roomId: string;
  clientId: string;
  connectionId: string;
}

/** `allowed` must be a boolean; everything else is copied as received. */
export const AuthnWebhookAnswerSchema = v.object({
  allowed: v.boolean("allowed must be a boolean"),
  reason: v.optional(v.unknown()),
  iceServers: v.optional(v.unknown()),
  authzMetadata: v.optional(v.unknown()),
});
