// Copied headers live in the socket attachment: they reach the disconnect webhook after the Durable Object was
// evicted with its WebSockets hibernated (in-memory state gone, sockets still open). The authentication
// webhook of a socket that registers after a wake-up: beforeRegister.test.ts.
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { DISCONNECT_PATH, requests } from "../support/webhookControl";
import { connect, uniqueRoomId } from "../support/workerSocket";
import { outcomeOf } from "./registering";

const COPIED = { "X-Forwarded-For": "198.51.100.23", "X-Custom-Token": "survives" };

async function evict(roomId: string): Promise<void> {
  await evictDurableObject(env.ROOMS_DO.get(env.ROOMS_DO.idFromName(roomId)), { webSockets: "hibernate" });
}

it("a socket that closes after a wake-up sends its copied headers and ids to the disconnect webhook", async () => {
  const roomId = uniqueRoomId("hibernate-disconnect");
  const socket = await connect(roomId, { headers: COPIED });
  socket.send({ type: "register", roomId, clientId: "sleeper" });
  const accept = await outcomeOf(socket);
  await evict(roomId);
  socket.close();
  const [call] = await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
  expect(call?.body).toStrictEqual({ roomId, clientId: "sleeper", connectionId: accept.connectionId });
  expect(call?.headers["x-forwarded-for"]).toBe("198.51.100.23");
  expect(call?.headers["x-custom-token"]).toBe("survives");
});

it("both peers of a pair reach the disconnect webhook when the close wakes the object", async () => {
  const roomId = uniqueRoomId("hibernate-pair");
  const a = await connect(roomId, { headers: COPIED });
  a.send({ type: "register", roomId, clientId: "a" });
  const acceptA = await outcomeOf(a);
  const b = await connect(roomId);
  b.send({ type: "register", roomId, clientId: "b" });
  const acceptB = await outcomeOf(b);
  await evict(roomId);
  a.close(1000, "leaving");
  expect((await b.closed).code).toBe(1000);
  const calls = await requests(roomId, { path: DISCONNECT_PATH, count: 2 });
  expect(calls.map((call) => call.body)).toEqual(
    expect.arrayContaining([
      { roomId, clientId: "a", connectionId: acceptA.connectionId },
      { roomId, clientId: "b", connectionId: acceptB.connectionId },
    ]),
  );
  expect(calls.find((call) => (call.body as { clientId: string }).clientId === "a")?.headers["x-custom-token"]).toBe(
    "survives",
  );
});
