// Webhooks of a socket that the room knew before its `register`: only a client that names its room in the URL
// reaches the room's object before it registers, so the register-routed project leaves this file out
// (vitest.config.ts). With a bare URL such a socket never reaches a room (README, Stock signaling URLs).
import { evictDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { roomStub } from "../support/roomClock";
import { AUTHN_PATH, requests } from "../support/webhookControl";
import { connect, uniqueRoomId } from "../support/workerSocket";
import {
  COPIED,
  disconnects,
  expectClosedSilently,
  expectDisconnectCall,
  outcomeOf,
  settle,
  ULID,
} from "./registering";

it('a socket that never registered and closed itself reports clientId "" to the disconnect webhook', async () => {
  const roomId = uniqueRoomId("disconnect-unregistered");
  const socket = await connect(roomId, { headers: COPIED });
  socket.close();
  const [call] = await disconnects(roomId, 1);
  expectDisconnectCall(call, { roomId, clientId: "", connectionId: expect.stringMatching(ULID) });
});

it('a socket that never registered and was closed for a protocol error reports clientId "" to the disconnect webhook, once', async () => {
  const roomId = uniqueRoomId("disconnect-protocol-error");
  const socket = await connect(roomId, { headers: COPIED });
  socket.send("not json");
  await expectClosedSilently(socket);
  const [call] = await disconnects(roomId, 1);
  expectDisconnectCall(call, { roomId, clientId: "", connectionId: expect.stringMatching(ULID) });
  const calls = await settle(roomId, 1);
  expect(calls).toHaveLength(2);
});

it("a socket that registers after a wake-up sends its copied headers to the authentication webhook", async () => {
  const roomId = uniqueRoomId("hibernate-authn");
  const socket = await connect(roomId, { headers: COPIED });
  await evictDurableObject(roomStub(roomId), { webSockets: "hibernate" });
  socket.send({ type: "register", roomId, clientId: "sleeper" });
  expect(await outcomeOf(socket)).toMatchObject({ type: "accept" });
  const [call] = await requests(roomId, { path: AUTHN_PATH, count: 1 });
  expect(call?.headers["x-forwarded-for"]).toBe("192.0.2.10");
  expect(call?.headers["x-custom-token"]).toBe("tok");
  socket.close();
});
