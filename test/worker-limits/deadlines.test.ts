// The register deadline (REGISTER_TIMEOUT_SEC) and the close deadline (CLOSE_TIMEOUT_SEC), both 10 s by
// default, driven by the room's injected clock and its alarm.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { defined } from "../support/defined";
import { alarmAt, roomStub, scheduledAlarm } from "../support/roomClock";
import { connect, join, uniqueRoomId } from "../support/workerSocket";

const SECOND = 1000;

describe("the register deadline", () => {
  it("closes a socket that has not registered within 10 s, although it keeps sending pongs", async () => {
    const roomId = uniqueRoomId("register-deadline");
    const start = Date.now();
    const socket = await connect(roomId);
    const stub = roomStub(roomId);
    socket.send({ type: "pong" });
    await alarmAt(stub, start + 9 * SECOND);
    socket.send({ type: "pong" });
    await alarmAt(stub, start + 9.5 * SECOND);
    expect(socket.frames).toEqual([]);
    await alarmAt(stub, start + 11 * SECOND);
    expect(await socket.closed).toEqual({ code: 1000, reason: "register timeout" });
  });

  it("stops with register: once it has passed, the registered socket is pinged and stays open", async () => {
    const roomId = uniqueRoomId("register-deadline-met");
    const start = Date.now();
    const { socket } = await join(roomId);
    await alarmAt(roomStub(roomId), start + 11 * SECOND);
    expect(await socket.next((frame) => frame.type !== "accept")).toEqual({ type: "ping" });
    socket.close();
  });
});

describe("the close deadline", () => {
  it("forgets a socket that never completes the close handshake, also across an eviction", async () => {
    const roomId = uniqueRoomId("close-deadline");
    const stub = roomStub(roomId);
    const socket = await connect(roomId, { halfOpen: true });
    // The register deadline (10 s after the upgrade) is then clearly earlier than the close deadline.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closedAt = Date.now();
    socket.send("not json");
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The close deadline is later than the register deadline it replaces: the alarm stays at the earlier time.
    const alarm = await scheduledAlarm(stub);
    expect(alarm).toBeLessThan(closedAt + 10 * SECOND);
    // Run early, it finds nothing due and is armed for the close deadline.
    expect(await alarmAt(stub, closedAt + 9 * SECOND)).toBe(true);
    const closeAlarm = await scheduledAlarm(stub);
    expect(closeAlarm).toBeGreaterThanOrEqual(closedAt + 10 * SECOND);
    expect(closeAlarm).toBeLessThanOrEqual(Date.now() + 10 * SECOND);

    await alarmAt(stub, closedAt + 11 * SECOND);
    expect(await scheduledAlarm(stub)).toBeNull();
    await evictDurableObject(stub, { webSockets: "hibernate" });
    expect(await scheduledAlarm(stub)).toBeNull();
    socket.close();
  });
});

describe("the ping schedule", () => {
  it("is one for the whole room: a single alarm run pings both peers, whenever each was accepted", async () => {
    const roomId = uniqueRoomId("ping-grid");
    const stub = roomStub(roomId);
    const a = await join(roomId);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const b = await join(roomId);
    const alarm = defined(await scheduledAlarm(stub), "the scheduled alarm");
    // The default interval is 5 s: the alarm is on a multiple of it, at least 2.5 s after the later accept.
    expect(alarm % 5_000).toBe(0);
    expect(await alarmAt(stub, alarm)).toBe(true);
    expect(await a.socket.next((frame) => frame.type === "ping")).toEqual({ type: "ping" });
    expect(await b.socket.next((frame) => frame.type === "ping")).toEqual({ type: "ping" });
    expect(await scheduledAlarm(stub)).toBe(alarm + 5_000);
    a.socket.close();
    await b.socket.closed;
  });

  it("costs one alarm write per round also when the room hibernated in between", async () => {
    const roomId = uniqueRoomId("ping-after-hibernation");
    const stub = roomStub(roomId);
    const a = await join(roomId);
    const b = await join(roomId);
    const alarm = defined(await scheduledAlarm(stub), "the scheduled alarm");
    await evictDurableObject(stub, { webSockets: "hibernate" });
    // Counted on the storage class, which every object of this isolate shares: installed through another
    // room, so that nothing wakes this one before the alarm does.
    const writes = await countAlarmWrites(roomStub(uniqueRoomId("ping-after-hibernation-spy")));
    try {
      expect(await alarmAt(stub, alarm)).toBe(true);
      expect(await a.socket.next((frame) => frame.type === "ping")).toEqual({ type: "ping" });
      expect(await b.socket.next((frame) => frame.type === "ping")).toEqual({ type: "ping" });
      expect(writes.times).toEqual([alarm + 5_000]);
    } finally {
      await writes.stop();
    }
    a.socket.close();
    await b.socket.closed;
  });
});

describe("the alarm after a wake-up", () => {
  it("is read back, not written again, when a frame wakes a hibernated room and moves no deadline earlier", async () => {
    const roomId = uniqueRoomId("alarm-recall");
    const stub = roomStub(roomId);
    const socket = await connect(roomId);
    socket.send({ type: "register", roomId, standalone: true });
    expect((await socket.next()).type).toBe("accept");
    const armed = await scheduledAlarm(stub);
    await evictDurableObject(stub, { webSockets: "hibernate" });
    const writes = await countAlarmWrites(roomStub(uniqueRoomId("alarm-recall-spy")));
    try {
      // The pong wakes the room and keeps its read deadline where it was or moves it later.
      socket.send({ type: "pong" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(writes.times).toEqual([]);
    } finally {
      await writes.stop();
    }
    expect(await scheduledAlarm(stub)).toBe(armed);
    socket.close();
  });
});

/** Records the time of every setAlarm in this isolate until stop(). */
async function countAlarmWrites(anyRoom: DurableObjectStub): Promise<{ times: number[]; stop(): Promise<void> }> {
  const times: number[] = [];
  let restore = () => {};
  await runInDurableObject(anyRoom, (_instance, state) => {
    const storageClass = Object.getPrototypeOf(state.storage) as { setAlarm: DurableObjectStorage["setAlarm"] };
    const setAlarm = storageClass.setAlarm;
    storageClass.setAlarm = function (
      this: DurableObjectStorage,
      ...args: Parameters<DurableObjectStorage["setAlarm"]>
    ) {
      times.push(Number(args[0]));
      return setAlarm.apply(this, args);
    };
    restore = () => (storageClass.setAlarm = setAlarm);
  });
  return { times, stop: async () => runInDurableObject(anyRoom, () => restore()) };
}
