// A socket whose connection finished before the client closed its end (displaced at the cap: closed with 1013
// and forgotten at once, while the client has not answered the close yet): its late close or error event, in
// memory or after a wake-up, neither brings it back nor calls the disconnect webhook a second time.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { afterEach, expect, it, vi } from "vitest";
import type { RoomDurableObject } from "../../src/room/RoomDurableObject";
import { captureLogLines } from "../support/logLines";
import { roomStub } from "../support/roomClock";
import { DISCONNECT_PATH, requests } from "../support/webhookControl";
import { connect, uniqueRoomId, type TestSocket } from "../support/workerSocket";

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => logs?.restore());

/** The late event, as the runtime delivers it to the object (an error cannot be caused from the client side). */
const LATE: Record<string, (socket: TestSocket, stub: DurableObjectStub, connectionId: string) => Promise<unknown>> = {
  close: async (socket) => socket.close(1000, "late"),
  error: (_, stub, connectionId) =>
    runInDurableObject(stub, (instance: RoomDurableObject, state) => instance.webSocketError(state.getWebSockets(connectionId)[0]!, new Error("connection reset"))),
};

it.each([
  ["close", "in memory"],
  ["close", "after a wake-up"],
  ["error", "in memory"],
  ["error", "after a wake-up"],
] as const)("a displaced socket's late %s, %s, neither comes back nor calls the disconnect webhook a second time", async (late, when) => {
  logs = captureLogLines();
  const roomId = uniqueRoomId("finished-late");
  const stub = roomStub(roomId);
  const displaced = await connect(roomId, { halfOpen: true });
  const barrier = await connect(roomId);
  const newcomer = await connect(roomId);
  expect(await displaced.closed).toEqual({ code: 1013, reason: "room busy" });
  const [first] = await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
  const { connectionId } = first!.body as { connectionId: string };
  if (when === "after a wake-up") await evictDurableObject(stub, { webSockets: "hibernate" });

  await LATE[late]!(displaced, stub, connectionId);
  // Closed after the late event: once its own call has arrived, the late event has been handled too.
  barrier.send({ type: "register", roomId, clientId: "barrier" });
  expect(await barrier.next()).toMatchObject({ type: "accept" });
  barrier.close();
  const calls = await vi.waitFor(async () => {
    const seen = await requests(roomId, { path: DISCONNECT_PATH });
    expect(seen.map(({ body }) => (body as { clientId: string }).clientId)).toContain("barrier");
    return seen;
  });
  expect(calls.filter(({ body }) => (body as { connectionId: string }).connectionId === connectionId)).toHaveLength(1);
  // One summary line: its machine ran to `closed` once, and never again from a stale attachment.
  expect(logs.lines().filter((line) => line.event === "connection" && line.connectionId === connectionId)).toHaveLength(1);
  newcomer.close();
});
