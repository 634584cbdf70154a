// Momo against the authentication webhook (both routing modes): its register fields arrive intact, and the
// ICE servers it gets in `accept` are in the only shape it reads (every `urls` an array).
import { describe, expect, it } from "vitest";
import { MOMO_CLIENT_INFO, MomoClient } from "../support/momoClient";
import { AUTHN_PATH, requests, scriptAuthn } from "../support/webhookControl";
import { uniqueRoomId } from "../support/workerSocket";
import { ULID } from "./registering";

describe("Momo and the authentication webhook", () => {
  it("passes Momo's clientId, key and client information to the webhook", async () => {
    const roomId = uniqueRoomId("momo-authn");
    const momo = await MomoClient.join(roomId, { signalingKey: "momo-secret" });
    const accept = await momo.outcome();
    const [call] = await requests(roomId, { path: AUTHN_PATH, count: 1 });
    expect(call?.body).toStrictEqual({
      roomId,
      clientId: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      connectionId: accept.connectionId,
      signalingKey: "momo-secret",
      ...MOMO_CLIENT_INFO,
    });
    expect(accept.connectionId).toMatch(ULID);
    momo.leave();
  });

  it("gets every ICE server's urls as an array, also when the webhook sent a string", async () => {
    const roomId = uniqueRoomId("momo-ice");
    const iceServers = [
      { urls: "stun:stun.example.com:3478" },
      { urls: "turn:turn.example.com:3478?transport=udp", username: "u", credential: "c" },
    ];
    await scriptAuthn(roomId, { status: 200, json: { allowed: true, iceServers } });
    const momo = await MomoClient.join(roomId);
    const accept = await momo.outcome();
    expect(accept.iceServers).toStrictEqual([
      { urls: ["stun:stun.example.com:3478"] },
      { urls: ["turn:turn.example.com:3478?transport=udp"], username: "u", credential: "c" },
    ]);
    momo.leave();
  });
});
