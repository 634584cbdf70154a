// The disconnect webhook: one call per closed socket, whatever kind, and a failing webhook changes nothing.
// Sockets that never registered: beforeRegister.test.ts.
import { describe, expect, it } from "vitest";
import { DISCONNECT_PATH, script, scriptAuthn, type WebhookAnswer } from "../support/webhookControl";
import { uniqueRoomId } from "../support/workerSocket";
import {
  COPIED,
  disconnects,
  expectDisconnectCall,
  expectRejected,
  expectRoomUsableAfterLeave,
  isMarker,
  outcomeOf,
  register,
  settle,
  ULID,
} from "./registering";

describe("fires once for every kind of socket", () => {
  it("an accepted socket that the client closes", async () => {
    const roomId = uniqueRoomId("disconnect-accepted");
    const socket = await register(roomId, { clientId: "alice" }, { headers: COPIED });
    const accept = await outcomeOf(socket);
    socket.close(1000, "done");
    const [call] = await disconnects(roomId, 1);
    expectDisconnectCall(call, { roomId, clientId: "alice", connectionId: accept.connectionId });
  });

  it("an accepted socket without clientId reports the connection id as clientId", async () => {
    const roomId = uniqueRoomId("disconnect-defaulted");
    const socket = await register(roomId, {}, { headers: COPIED });
    const accept = await outcomeOf(socket);
    socket.close();
    const [call] = await disconnects(roomId, 1);
    expectDisconnectCall(call, { roomId, clientId: accept.connectionId, connectionId: accept.connectionId });
  });

  it("both peers when one leaves and the server closes the survivor, once each", async () => {
    const roomId = uniqueRoomId("disconnect-pair");
    const a = await register(roomId, { clientId: "a" }, { headers: COPIED });
    const acceptA = await outcomeOf(a);
    const b = await register(roomId, { clientId: "b" }, { headers: COPIED });
    const acceptB = await outcomeOf(b);
    a.close();
    expect((await b.closed).code).toBe(1000);
    const calls = await settle(roomId, 2);
    const bodies = calls.map((call) => call.body as Record<string, unknown>).filter((body) => !isMarker(body));
    expect(bodies).toHaveLength(2);
    expect(bodies).toEqual(
      expect.arrayContaining([
        { roomId, clientId: "a", connectionId: acceptA.connectionId },
        { roomId, clientId: "b", connectionId: acceptB.connectionId },
      ]),
    );
    for (const call of calls.filter((c) => !isMarker(c.body as Record<string, unknown>))) {
      expect(call.headers["x-custom-token"]).toBe("tok");
    }
  });

  it("a socket rejected because the room is full", async () => {
    const roomId = uniqueRoomId("disconnect-full");
    const a = await register(roomId, { clientId: "a" });
    await outcomeOf(a);
    const b = await register(roomId, { clientId: "b" });
    await outcomeOf(b);
    const third = await register(roomId, { clientId: "third" }, { headers: COPIED });
    await expectRejected(third, "full");
    const [call] = await disconnects(roomId, 1);
    expectDisconnectCall(call, { roomId, clientId: "third", connectionId: expect.stringMatching(ULID) });
    const calls = await settle(roomId, 1);
    expect(calls.filter((c) => (c.body as { clientId: string }).clientId === "third")).toHaveLength(1);
  });

  it("a socket denied by the authentication webhook", async () => {
    const roomId = uniqueRoomId("disconnect-denied");
    await scriptAuthn(roomId, { status: 200, json: { allowed: false, reason: "no" } });
    const denied = await register(roomId, { clientId: "denied" }, { headers: COPIED });
    await expectRejected(denied, "no");
    const [call] = await disconnects(roomId, 1);
    expectDisconnectCall(call, { roomId, clientId: "denied", connectionId: expect.stringMatching(ULID) });
  });

  it("a socket whose authentication failed", async () => {
    const roomId = uniqueRoomId("disconnect-authn-failed");
    await scriptAuthn(roomId, { status: 500, raw: "" });
    const failed = await register(roomId, { clientId: "failed" }, { headers: COPIED });
    await expectRejected(failed, "InternalServerError");
    const [call] = await disconnects(roomId, 1);
    expectDisconnectCall(call, { roomId, clientId: "failed", connectionId: expect.stringMatching(ULID) });
  });
});

describe("a failing disconnect webhook leaves the room fully usable", () => {
  const failures: Array<[string, WebhookAnswer]> = [
    ["answers 500", { status: 500, raw: "down" }],
    ["never answers (timeout)", { hang: true }],
    ["destroys the connection", { destroy: true }],
  ];

  it.each(failures)("when it %s", async (_label, answer) => {
    const roomId = uniqueRoomId("disconnect-failing");
    await script({ roomId, path: DISCONNECT_PATH, answer });
    const { c, d } = await expectRoomUsableAfterLeave(roomId, () => disconnects(roomId, 2));
    c.close();
    d.close();
  });
});
