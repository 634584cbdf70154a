// Which room a `/signaling` request is for.

/** A room name is a Durable Object name; refuse abuse early. */
export const MAX_ROOM_ID_BYTES = 255;

/** `?roomId=` or `CF-Room-Id`; an empty value counts as none; both given and different is an error. */
export function resolveRoomId(request: Request, url: URL): { roomId: string } | { error: string } {
  const fromQuery = url.searchParams.get("roomId") || undefined;
  const fromHeader = request.headers.get("cf-room-id") || undefined;
  if (fromQuery !== undefined && fromHeader !== undefined && fromQuery !== fromHeader) {
    return { error: "roomId query parameter and CF-Room-Id header differ" };
  }
  const roomId = fromQuery ?? fromHeader;
  if (roomId === undefined) return { error: "missing roomId (query parameter roomId or header CF-Room-Id)" };
  if (new TextEncoder().encode(roomId).byteLength > MAX_ROOM_ID_BYTES) {
    return { error: `roomId longer than ${MAX_ROOM_ID_BYTES} bytes` };
  }
  return { roomId };
}
