// Which room a `/signaling` request is for.

/** A room name is a Durable Object name; refuse abuse early. */
export const MAX_ROOM_ID_BYTES = 255;

/**
 * C0 controls, DEL and C1 controls. The room id travels to the Durable Object in a header, where a control
 * character is either refused by the runtime (an uncaught TypeError) or could change the id on the way.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** `?roomId=` or `CF-Room-Id`; an empty value counts as none; both given and different is an error. */
export function resolveRoomId(request: Request, url: URL): { roomId: string } | { error: string } {
  const fromQuery = url.searchParams.get("roomId") || undefined;
  const fromHeader = request.headers.get("cf-room-id") || undefined;
  if (fromQuery !== undefined && fromHeader !== undefined && fromQuery !== fromHeader) {
    return { error: "roomId query parameter and CF-Room-Id header differ" };
  }
  const roomId = fromQuery ?? fromHeader;
  if (roomId === undefined) return { error: "missing roomId (query parameter roomId or header CF-Room-Id)" };
  const problem = roomIdProblem(roomId);
  return problem === undefined ? { roomId } : { error: problem };
}

/**
 * Why a room id cannot be used as it is, or undefined. Nothing here changes an id: an id that would be changed
 * on its way to the Durable Object (header values lose surrounding whitespace) is refused, not repaired.
 */
export function roomIdProblem(roomId: string): string | undefined {
  if (new TextEncoder().encode(roomId).byteLength > MAX_ROOM_ID_BYTES) {
    return `roomId longer than ${MAX_ROOM_ID_BYTES} bytes`;
  }
  if (CONTROL_CHARACTER.test(roomId)) return "roomId contains a control character";
  // String.prototype.trim knows every Unicode space (U+00A0, U+3000, U+FEFF, …), not only HTTP's.
  if (roomId.trim() !== roomId) return "roomId starts or ends with whitespace";
  return undefined;
}
