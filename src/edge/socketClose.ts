// Carrying a close from one WebSocket to another. Codes 1005 (no code), 1006 (no Close frame: the
// connection was lost) and 1015 can be reported but never sent (RFC 6455 7.4.1).

/** What the other side gets when this side's connection is lost without a Close frame, or fails. */
export const LOST_CONNECTION_CLOSE = { code: 1011, reason: "connection lost" } as const;

function sendable(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/** Closes `ws` the way the other side was closed: same code and reason where they can be sent. */
export function closeLike(ws: WebSocket, code: number, reason: string): void {
  try {
    if (code === 1005) ws.close();
    else if (sendable(code)) ws.close(code, reason);
    else ws.close(LOST_CONNECTION_CLOSE.code, LOST_CONNECTION_CLOSE.reason);
  } catch {
    // Already closed or closing.
  }
}

export function safeSend(ws: WebSocket, data: string | ArrayBuffer): void {
  try {
    ws.send(data);
  } catch {
    // Closing: its close event follows and is carried across.
  }
}
