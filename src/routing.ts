// Which room a `/signaling` request is for.
import { roomIdProblem } from "./protocol/roomId";

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
  return problem === undefined ? { roomId } : { error: `roomId ${problem}` };
}
