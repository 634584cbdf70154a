// Helpers shared by the webhook suites: register without assuming the outcome, read the outcome, and read the
// disconnect calls.
import { expect } from "vitest";
import { DISCONNECT_PATH, type RecordedRequest, requests } from "../support/webhookControl";
import { type ConnectOptions, connect, routedByRegister, type TestSocket } from "../support/workerSocket";

export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Connects and sends `register` (plus `fields`); the outcome is left to the test. */
export async function register(
  roomId: string,
  fields: Record<string, unknown> = {},
  options: ConnectOptions = {},
): Promise<TestSocket> {
  const socket = await connect(roomId, options);
  socket.send({ type: "register", roomId, ...fields });
  return socket;
}

/** The socket's `accept` or `reject` frame. */
export function outcomeOf(socket: TestSocket): Promise<Record<string, unknown>> {
  return socket.next((frame) => frame.type === "accept" || frame.type === "reject");
}

/** Asserts that the socket got exactly one frame, `reject` with `reason`, and was then closed with 1000. */
export async function expectRejected(socket: TestSocket, reason: string): Promise<void> {
  expect(await outcomeOf(socket)).toEqual({ type: "reject", reason });
  expect((await socket.closed).code).toBe(1000);
  expect(socket.frames.map((frame) => JSON.parse(frame))).toEqual([{ type: "reject", reason }]);
}

/** Asserts that the server closed the socket with `code` without sending it any frame. */
export async function expectClosedSilently(socket: TestSocket, code = 1000): Promise<void> {
  expect((await socket.closed).code).toBe(code);
  expect(socket.frames).toEqual([]);
}

/**
 * A pair leaves a room while the disconnect webhook misbehaves (`afterLeave` waits for its calls); the room
 * must still work exactly as before: `bye` and close for the survivor, two new occupants that relay, and a
 * fifth client refused as `full`. Resolves with the new pair, still open.
 */
export async function expectRoomUsableAfterLeave(
  roomId: string,
  afterLeave: () => Promise<unknown>,
): Promise<{ c: TestSocket; d: TestSocket }> {
  const a = await register(roomId, { clientId: "a" });
  await outcomeOf(a);
  const b = await register(roomId, { clientId: "b" });
  await outcomeOf(b);
  a.close();
  expect(await b.next((frame) => frame.type === "bye")).toEqual({ type: "bye" });
  expect((await b.closed).code).toBe(1000);
  await afterLeave();

  const c = await register(roomId, { clientId: "c" });
  expect(await outcomeOf(c)).toMatchObject({ type: "accept", isExistUser: false });
  const d = await register(roomId, { clientId: "d" });
  expect(await outcomeOf(d)).toMatchObject({ type: "accept", isExistUser: true });
  d.send('{"type":"offer","sdp":"still works"}');
  expect(await c.next((frame) => frame.type === "offer")).toEqual({ type: "offer", sdp: "still works" });
  await expectRejected(await register(roomId, { clientId: "e" }), "full");
  return { c, d };
}

/** Headers the webhook projects copy (COPY_WEBSOCKET_HEADER_NAMES), and one they do not. */
export const COPIED = { "X-Forwarded-For": "192.0.2.10", "X-Custom-Token": "tok", "X-Not-Configured": "nope" };

/** The room's disconnect calls, once at least `count` arrived. */
export async function disconnects(roomId: string, count: number): Promise<RecordedRequest[]> {
  const seen = await requests(roomId, { path: DISCONNECT_PATH, count });
  expect(seen.length).toBeGreaterThanOrEqual(count);
  return seen;
}

/** Asserts one disconnect call: JSON POST, exact body, copied headers only. */
export function expectDisconnectCall(request: RecordedRequest | undefined, body: Record<string, unknown>): void {
  expect(request?.method).toBe("POST");
  expect(request?.headers["content-type"]).toBe("application/json");
  expect(request?.body).toStrictEqual(body);
  expect(request?.headers["x-forwarded-for"]).toBe("192.0.2.10");
  expect(request?.headers["x-custom-token"]).toBe("tok");
  expect(request?.headers).not.toHaveProperty("x-not-configured");
}

const MARKER = "settle-marker";

/**
 * A barrier for "no further call": a socket opened and closed after the ones under test; once its own
 * disconnect call has arrived, every earlier close of the room has been handled too. With a bare URL a socket
 * reaches the room only by registering, so there the marker registers (as MARKER).
 */
export async function settle(roomId: string, before: number): Promise<RecordedRequest[]> {
  const marker = await connect(roomId);
  if (routedByRegister) {
    marker.send({ type: "register", roomId, clientId: MARKER });
    await outcomeOf(marker);
  }
  marker.close();
  return disconnects(roomId, before + 1);
}

/** Whether a disconnect body is the barrier's (settle). */
export function isMarker(body: Record<string, unknown>): boolean {
  return body.clientId === "" || body.clientId === MARKER;
}

export { captureLogLines } from "../support/logLines";
