// Helpers shared by the webhook suites: register without assuming the outcome, and read the outcome.
import { expect } from "vitest";
import { connect, type ConnectOptions, type TestSocket } from "../support/workerSocket";

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

export { captureLogLines } from "../support/logLines";
