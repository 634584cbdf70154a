// The room's single alarm: idempotent when run early or repeatedly, always re-armed while a socket has a
// deadline, gone after at most one more run once the room is empty, and only at read deadlines for
// standalone-only rooms.
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { defined } from "../support/defined";
import { scheduledAlarm } from "../support/roomClock";
import { connect, join, uniqueRoomId } from "../support/workerSocket";
import {
  answerPings,
  countFrames,
  isPing,
  joinTimed,
  maxPingsDueSince,
  roomStub,
  sleep,
  stillOpenAfter,
} from "./timerClient";

const READ_TIMEOUT_MS = 1500;

describe("alarm", () => {
  it("run early and repeatedly, sends no extra pings, closes nothing and re-arms itself every time", async () => {
    const roomId = uniqueRoomId("alarm-early");
    const a = await joinTimed(roomId);
    const b = await joinTimed(roomId);
    answerPings(a.socket);
    answerPings(b.socket);
    await a.socket.next(isPing);
    const stub = roomStub(roomId);

    let ran = 0;
    for (let i = 0; i < 20; i++) if (await runDurableObjectAlarm(stub)) ran += 1;
    // Let any ping the runs produced arrive before counting.
    await sleep(100);

    expect(ran).toBe(20);
    // Only pings that really fell due; twenty runs that each pinged would be far above.
    expect(countFrames(a.socket, "ping")).toBeLessThanOrEqual(maxPingsDueSince(a.registeredFrom));
    expect(countFrames(b.socket, "ping")).toBeLessThanOrEqual(maxPingsDueSince(b.registeredFrom));
    expect(await stillOpenAfter(a.socket, 0)).toBe(true);
    expect(await stillOpenAfter(b.socket, 0)).toBe(true);
    // The schedule goes on as before.
    await a.socket.next(isPing);
    await b.socket.next(isPing);
    a.socket.close();
    await b.socket.closed;
  });

  it("run early on an unregistered socket, neither sends anything nor closes it before its read timeout", async () => {
    const roomId = uniqueRoomId("alarm-early-unregistered");
    const socket = await connect(roomId);
    const stub = roomStub(roomId);
    for (let i = 0; i < 10; i++) {
      // A pong before register is tolerated and keeps the read deadline ahead of every run.
      socket.send({ type: "pong" });
      expect(await runDurableObjectAlarm(stub)).toBe(true);
    }
    expect(await stillOpenAfter(socket, 0)).toBe(true);
    expect(socket.frames).toEqual([]);
    // Once quiet, the re-armed alarm still delivers the read timeout.
    expect((await socket.closed).code).toBe(1000);
    expect(socket.frames).toEqual([]);
  });

  it("runs at most once more after the last socket of the room is gone and is not armed again: an idle room never wakes", async () => {
    const roomId = uniqueRoomId("alarm-idle");
    const a = await join(roomId);
    const b = await join(roomId);
    const stub = roomStub(roomId);
    const armed = await scheduledAlarm(stub);
    expect(armed).not.toBeNull();
    a.socket.close();
    await b.socket.closed;
    // Not deleted (a deleteAlarm is a row written, the one run a request): left where it was.
    expect(await scheduledAlarm(stub)).toBe(armed);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await scheduledAlarm(stub)).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("in a standalone-only room is set for the read deadline, not the ping interval", async () => {
    const roomId = uniqueRoomId("alarm-standalone");
    const socket = await connect(roomId);
    const registeredAt = Date.now();
    socket.send({ type: "register", roomId, standalone: true });
    expect((await socket.next()).type).toBe("accept");
    const alarm = await scheduledAlarm(roomStub(roomId));
    expect(alarm).not.toBeNull();
    expect(defined(alarm, "the alarm")).toBeGreaterThanOrEqual(registeredAt + READ_TIMEOUT_MS);
    socket.close();
  });
});
