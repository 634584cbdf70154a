// WS_PONG_TIMEOUT_SEC (2 s in project worker-options) shorter than WS_PING_INTERVAL_SEC (5 s): after a ping
// the pong deadline comes before the next ping, and the one alarm must be armed for it. Driven by the room's
// injected clock and its alarm.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { type Config, configOf } from "../../src/config";
import { defined } from "../support/defined";
import { alarmAt, roomStub, scheduledAlarm } from "../support/roomClock";
import { join, uniqueRoomId } from "../support/workerSocket";

const { pingIntervalMs, pongTimeoutMs } = (configOf(env) as { config: Config }).config;

it("arms the alarm for the pong deadline when that comes before the next ping, and closes the silent socket then", async () => {
  expect(pongTimeoutMs, "this project's pong timeout is shorter than its ping interval").toBeLessThan(pingIntervalMs);
  const roomId = uniqueRoomId("pong-before-ping");
  const stub = roomStub(roomId);
  const { socket } = await join(roomId);
  const firstPing = defined(await scheduledAlarm(stub), "the first ping's alarm");
  await alarmAt(stub, firstPing);
  expect(await socket.next((frame) => frame.type === "ping")).toEqual({ type: "ping" });
  expect(await scheduledAlarm(stub), "the pong deadline, not the next ping").toBe(firstPing + pongTimeoutMs);
  await alarmAt(stub, firstPing + pongTimeoutMs);
  expect(await socket.closed).toEqual({ code: 1000, reason: "pong timeout" });
});
