// Sending to and closing a hibernatable WebSocket that may already be closing underneath us.

export function safeSend(ws: WebSocket, frame: string): void {
  try {
    ws.send(frame);
  } catch {
    // The socket is already closing; its close event will arrive and tear it down.
  }
}

export function safeClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closed.
  }
}

/**
 * Completes a close handshake the client started by echoing its code (RFC 6455 5.5.1): a Close frame without
 * a code (1005) is answered with one without a code. 1006 and 1015 mean no Close frame came: nothing to answer.
 * Hibernated sockets do not answer a client's Close frame by themselves: without this reply the client waits
 * in CLOSING (Chromium for 10 s) and then reports 1006. The web SDK awaits that in disconnect().
 */
export function replyToClose(ws: WebSocket, code: number, reason: string): void {
  if (code === 1006 || code === 1015) return;
  try {
    if (code === 1005) ws.close();
    else ws.close(code, reason);
  } catch {
    // A code the runtime will not send, or already closed.
    safeClose(ws, 1000, "");
  }
}
