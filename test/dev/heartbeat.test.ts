// Heartbeats in real seconds against `wrangler dev` (ping every 1 s, pong timeout 3 s, read timeout 10 s): the
// Durable Object's own alarm drives them, as in production.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { join } from "../support/nodeSocket";
import { startWranglerDev, type WranglerDev } from "../support/wranglerDev";

let dev: WranglerDev;

beforeAll(async () => {
  // The read timeout, well within the test's timeout, closes a socket whose pong timeout never fired: then the
  // close reason, not the test's timeout, shows what went wrong.
  dev = await startWranglerDev({
    vars: { WS_PING_INTERVAL_SEC: "1", WS_PONG_TIMEOUT_SEC: "3", WS_READ_TIMEOUT_SEC: "10" },
  });
});

afterAll(async () => {
  await dev?.stop();
});

const isPing = (frame: Record<string, unknown>) => frame.type === "ping";

it("pings a client that answers, and closes it for the pong timeout once it stops answering", async () => {
  const roomId = `heartbeat-${randomUUID()}`;
  const { socket } = await join(dev.url, roomId, { clientId: "heartbeat" });
  let answering = true;
  socket.ws.on("message", (data) => {
    if (answering && (JSON.parse(String(data)) as { type?: unknown }).type === "ping") socket.send({ type: "pong" });
  });

  for (let i = 0; i < 3; i++) expect(await socket.next(isPing, 10_000)).toEqual({ type: "ping" });
  expect(socket.frames.filter((raw) => raw === '{"type":"ping"}').length).toBeGreaterThanOrEqual(3);

  answering = false;
  const pingsAnswered = socket.frames.length;
  // The pong timeout (3 s after the unanswered ping) closes it long before the read timeout (10 s) could.
  expect(await socket.closed).toEqual({ code: 1000, reason: "pong timeout" });
  // The unanswered ping that started the pong timeout came after we stopped answering.
  expect(socket.frames.slice(pingsAnswered)).toContain('{"type":"ping"}');
}, 30_000);
