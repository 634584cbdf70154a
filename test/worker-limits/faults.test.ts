// Faults inside the object never leave a socket diverging from what a wake-up would restore, and never
// stop a room's timers: unusable attachments close with 1012, unwritable ones with 1011, failed alarm writes
// are retried until they hold.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ATTACHMENT_VERSION } from "../../src/room/attachment";
import { defined } from "../support/defined";
import { captureLogLines } from "../support/logLines";
import { roomStub, scheduledAlarm } from "../support/roomClock";
import { connect, join, uniqueRoomId } from "../support/workerSocket";

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("condition not reached within 2 s");
}

describe("attachments", () => {
  type Attachment = { v: number; value: unknown; context: object };
  // Each with the problem the `connection.unrestorable` line names: which check let it go.
  it.each<[string, (written: Attachment) => unknown, string]>([
    [
      "of another version, but otherwise exactly as this deployment writes it",
      (written) => ({ ...written, v: ATTACHMENT_VERSION + 1 }),
      `attachment version ${ATTACHMENT_VERSION + 1}`,
    ],
    [
      "of an older version and shape",
      () => ({ v: 1, value: { active: "waiting" }, context: {} }),
      "attachment version 1",
    ],
    [
      "of this version without its context",
      ({ value }) => ({ v: ATTACHMENT_VERSION, value }),
      "attachment shape: context",
    ],
    [
      "of this version, valid in shape, naming a state this machine does not have",
      (written) => ({ ...written, value: { active: "dreaming" } }),
      "attachment state unknown to this machine",
    ],
    ["that is not an object", () => "garbage", "attachment version none"],
  ])(
    "one %s is closed with 1012 after a wake-up and leaves its slot to the next client",
    async (_, rewrite, problem) => {
      const roomId = uniqueRoomId("attachment-unusable");
      const stub = roomStub(roomId);
      const { socket } = await join(roomId);
      await runInDurableObject(stub, (_instance, state) => {
        const ws = defined(state.getWebSockets()[0], "the room's socket");
        ws.serializeAttachment(rewrite(ws.deserializeAttachment() as Attachment));
      });
      await evictDurableObject(stub, { webSockets: "hibernate" });
      const logs = captureLogLines();
      try {
        // The next client wakes the room: it is alone there (the first in the room) only if the old socket was let go.
        const a = await join(roomId);
        const b = await join(roomId);
        expect([a.accept.isExistUser, b.accept.isExistUser]).toEqual([false, true]);
        expect(await socket.closed).toEqual({ code: 1012, reason: "service restart" });
        expect(logs.lines().filter(({ event }) => event === "connection.unrestorable")).toEqual([
          expect.objectContaining({ problem }),
        ]);
        a.socket.close();
        await b.socket.closed;
      } finally {
        logs.restore();
      }
    },
  );

  it("one that cannot be written closes its socket with 1011, and its peer is released with bye", async () => {
    const roomId = uniqueRoomId("attachment-unwritable");
    const stub = roomStub(roomId);
    const first = await join(roomId);
    await runInDurableObject(stub, (_instance, state) => {
      const [ws] = state.getWebSockets();
      if (!ws) throw new Error("no socket");
      // What a write over 16 KiB does: https://developers.cloudflare.com/durable-objects/api/websockets/#serializeattachment
      Object.assign(ws, {
        serializeAttachment: () => {
          throw new Error("attachment too large");
        },
      });
    });
    // The second peer changes the first one's state (paired), which can no longer be written.
    const second = await join(roomId);
    expect(await first.socket.closed).toEqual({ code: 1011, reason: "internal error" });
    expect(await second.socket.next((frame) => frame.type === "bye")).toEqual({ type: "bye" });
    expect((await second.socket.closed).code).toBe(1000);
  });
});

const BUSY = () => Promise.reject(new Error("SQLITE_BUSY"));

/** The room's setAlarm, the nth call (from 1) answered by `answer` (`write` is the real one); deletes the alarm. */
async function interceptSetAlarm(
  stub: DurableObjectStub,
  answer: (n: number, write: () => Promise<void>) => Promise<void>,
): Promise<() => number> {
  let calls = 0;
  await runInDurableObject(stub, async (_instance, state) => {
    await state.storage.deleteAlarm();
    const setAlarm = state.storage.setAlarm.bind(state.storage);
    Object.assign(state.storage, {
      setAlarm: (...args: Parameters<typeof setAlarm>) => answer(++calls, () => setAlarm(...args)),
    });
  });
  return () => calls;
}

describe("the alarm", () => {
  it("is written again until the write holds when setAlarm fails", async () => {
    const roomId = uniqueRoomId("alarm-retry");
    const stub = roomStub(roomId);
    const socket = await connect(roomId);
    const calls = await interceptSetAlarm(stub, (n, write) => (n <= 3 ? BUSY() : write()));
    // Registering moves the earliest deadline (from the register deadline to the first ping): the room asks for
    // the alarm, and the write fails three times.
    socket.send({ type: "register", roomId });
    await socket.next();
    const alarm = await until(
      () => scheduledAlarm(stub),
      (at) => at !== null,
    );
    expect(calls()).toBe(4);
    expect(alarm).toBeGreaterThan(Date.now());
    socket.close();
  });
});

describe("the alarm, while a write is being retried", () => {
  it("moves to an earlier time asked for meanwhile, although that time's own write failed", async () => {
    const roomId = uniqueRoomId("alarm-retry-earlier");
    const stub = roomStub(roomId);
    const first = await connect(roomId);
    // 1: the first ping fails; 2: its retry holds, slowly; 3: the earlier time fails while 2 is running.
    const calls = await interceptSetAlarm(stub, (n, write) =>
      n === 1 || n === 3 ? BUSY() : n === 2 ? scheduler.wait(150).then(write) : write(),
    );
    first.send({ type: "register", roomId });
    await first.next();
    await until(
      async () => calls(),
      (n) => n >= 2,
    );
    // A socket that arrives by a clock 8 s behind has the earliest deadline of all, 2 s from now: its register
    // deadline (the first ping is at least 2.5 s after the first socket's accept).
    const behind = Date.now() - 8_000;
    await runInDurableObject(stub, (instance: object) => Object.assign(instance, { now: () => behind }));
    const second = await connect(roomId);
    const alarm = await until(
      () => scheduledAlarm(stub),
      (at) => at !== null && at <= behind + 10_000,
    );
    expect(alarm).toBe(behind + 10_000);
    first.close();
    second.close();
  });
});

describe("clientId", () => {
  it("of more than 255 UTF-8 bytes is a protocol error, and exactly 255 is accepted", async () => {
    const roomId = uniqueRoomId("client-id-limit");
    const tooLong = await connect(roomId);
    tooLong.send({ type: "register", roomId, clientId: "é".repeat(128) });
    expect(await tooLong.closed).toEqual({ code: 1000, reason: "protocol error: malformed frame" });
    const { accept, socket } = await join(roomId, { clientId: `${"é".repeat(127)}x` });
    expect(accept.type).toBe("accept");
    socket.close();
  });
});
