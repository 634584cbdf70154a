// Frames the server sends. Built as strings once where they never change.
import { iceServersForAccept } from "./iceServers";

export const PING_FRAME = '{"type":"ping"}';
export const BYE_FRAME = '{"type":"bye"}';

interface AcceptFrame {
  type: "accept";
  connectionId: string;
  isExistClient: boolean;
  isExistUser: boolean;
  authzMetadata?: unknown;
  iceServers?: unknown;
}

export function acceptFrame(
  connectionId: string,
  isExistUser: boolean,
  grant: { iceServers?: unknown; authzMetadata?: unknown } | null,
): string {
  const frame: AcceptFrame = { type: "accept", connectionId, isExistClient: isExistUser, isExistUser };
  if (grant?.authzMetadata !== undefined) frame.authzMetadata = grant.authzMetadata;
  if (grant?.iceServers !== undefined) frame.iceServers = iceServersForAccept(grant.iceServers);
  return JSON.stringify(frame);
}

export function rejectFrame(reason: string): string {
  return JSON.stringify({ type: "reject", reason });
}
