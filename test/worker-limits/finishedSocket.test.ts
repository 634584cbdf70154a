// A socket whose connection finished before the client closed its end: displaced at the cap (closed with 1013
// and forgotten at once), or closed by the server and forgotten at its close deadline, while the client has not
// answered the close. Its late close or error event, in memory or after a wake-up, neither brings it back nor
// calls the disconnect webhook a second time.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RoomDurableObject } from "../../src/room/RoomDurableObject";
import { defined } from "../support/defined";
import { captureLogLines } from "../support/logLines";
import { alarmAt, roomStub } from "../support/roomClock";
import { DISCONNECT_PATH, requests } from "../support/webhookControl";
import { connect, type TestSocket, uniqueRoomId } from "../support/workerSocket";

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => logs?.restore());

/** Ways a connection finishes while its client's end stays open (half-open: it does not answer the close). */
const FINISH: Record<string, (roomId: string, stub: DurableObjectStub, socket: TestSocket) => Promise<unknown>> = {
  "displaced at the cap": async (roomId, _, socket) => {
    await connect(roomId);
    await connect(roomId);
    expect(await socket.closed).toEqual({ code: 1013, reason: "room busy" });
  },
  "forgotten at its close deadline": async (_, stub, socket) => {
    socket.send("not json");
    expect(await socket.closed).toEqual({ code: 1000, reason: "protocol error: malformed frame" });
    expect(await alarmAt(stub, Date.now() + 11_000), "the alarm for the close deadline (10 s)").toBe(true);
  },
};

/** The late event, as the runtime delivers it to the object (an error cannot be caused from the client's side). */
const LATE: Record<string, (socket: TestSocket, stub: DurableObjectStub, connectionId: string) => Promise<unknown>> = {
  close: async (socket) => socket.close(1000, "late"),
  error: (_, stub, connectionId) =>
    runInDurableObject(stub, (instance: RoomDurableObject, state) =>
      instance.webSocketError(
        defined(state.getWebSockets(connectionId)[0], `the socket of ${connectionId}`),
        new Error("connection reset"),
      ),
    ),
};

const LATE_CASES = ["close", "error"].flatMap((late) =>
  ["in memory", "after a wake-up"].map((when) => [late, when] as const),
);

describe.each(Object.keys(FINISH))("a socket %s", (finish) => {
  it.each(LATE_CASES)(
    "neither comes back nor calls the disconnect webhook a second time on a late %s, %s",
    async (late, when) => {
      logs = captureLogLines();
      const roomId = uniqueRoomId("finished-late");
      const stub = roomStub(roomId);
      const socket = await connect(roomId, { halfOpen: true });
      await defined(FINISH[finish], `how a socket ${finish}`)(roomId, stub, socket);
      const [first] = await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
      const { connectionId } = defined(first, "the disconnect webhook call").body as { connectionId: string };
      if (when === "after a wake-up") await evictDurableObject(stub, { webSockets: "hibernate" });

      await defined(LATE[late], `a late ${late}`)(socket, stub, connectionId);
      // A client that joins and leaves after the late event: once its own call has arrived, the late event has been handled too.
      const barrier = await connect(roomId);
      barrier.send({ type: "register", roomId, clientId: "barrier" });
      expect(await barrier.next()).toMatchObject({ type: "accept" });
      barrier.close();
      const calls = await vi.waitFor(async () => {
        const seen = await requests(roomId, { path: DISCONNECT_PATH });
        expect(seen.map(({ body }) => (body as { clientId: string }).clientId)).toContain("barrier");
        return seen;
      });
      expect(calls.filter(({ body }) => (body as { connectionId: string }).connectionId === connectionId)).toHaveLength(
        1,
      );
      // One summary line: its machine ran to `closed` once, and never again from a stale attachment.
      expect(
        logs.lines().filter((line) => line.event === "connection" && line.connectionId === connectionId),
      ).toHaveLength(1);
    },
  );
});
