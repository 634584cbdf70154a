// The authentication webhook's outcome table (docs/webhooks.md), row by row, against a real HTTP server.
import { describe, expect, it } from "vitest";
import { AUTHN_PATH, requests, scriptAuthn, type WebhookAnswer } from "../support/webhookControl";
import { uniqueRoomId } from "../support/workerSocket";
import { expectRejected, outcomeOf, register, ULID } from "./registering";

async function acceptFor(answer: WebhookAnswer): Promise<Record<string, unknown>> {
  const roomId = uniqueRoomId("authn-allowed");
  await scriptAuthn(roomId, answer);
  const socket = await register(roomId, { clientId: "c" });
  const accept = await outcomeOf(socket);
  socket.close();
  return accept;
}

describe("allowed: true", () => {
  it("accepts and mirrors iceServers and authzMetadata exactly as the webhook sent them", async () => {
    const iceServers = [
      {
        urls: ["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:443"],
        username: "u",
        credential: "p@ss",
      },
      { urls: ["stun:stun.example.com"], extra: { nested: [1, null, true] } },
    ];
    const authzMetadata = {
      "ünïcødé ✓": "値",
      big: 1.5e300,
      negative: -0.25,
      deep: { a: [[], {}, [{ b: null }]], empty: "" },
      'key with "quotes"': "\\back\\slash\n",
    };
    const accept = await acceptFor({ status: 200, json: { allowed: true, iceServers, authzMetadata, ignored: "x" } });
    expect(accept).toStrictEqual({
      type: "accept",
      connectionId: expect.stringMatching(ULID),
      isExistClient: false,
      isExistUser: false,
      iceServers,
      authzMetadata,
    });
  });

  it("sends every urls as an array, as Momo reads them: a string urls from the webhook is wrapped", async () => {
    const iceServers = [
      { urls: "turn:turn.example.com:3478?transport=udp", username: "u", credential: "c" },
      { urls: ["stun:stun.example.com"] },
      { urls: "stun:[2001:db8::1]:3478", extra: true },
    ];
    const accept = await acceptFor({ status: 200, json: { allowed: true, iceServers } });
    expect(accept.iceServers).toStrictEqual([
      { urls: ["turn:turn.example.com:3478?transport=udp"], username: "u", credential: "c" },
      { urls: ["stun:stun.example.com"] },
      { urls: ["stun:[2001:db8::1]:3478"], extra: true },
    ]);
  });

  it("sends a single ICE server object from the webhook as a list of one", async () => {
    const accept = await acceptFor({
      status: 200,
      json: { allowed: true, iceServers: { urls: "stun:stun.example.com" } },
    });
    expect(accept.iceServers).toStrictEqual([{ urls: ["stun:stun.example.com"] }]);
  });

  it("mirrors falsy authzMetadata and empty iceServers instead of dropping them", async () => {
    const accept = await acceptFor({ status: 200, json: { allowed: true, iceServers: [], authzMetadata: 0 } });
    expect(accept.iceServers).toStrictEqual([]);
    expect(accept.authzMetadata).toBe(0);
    expect(await acceptFor({ status: 200, json: { allowed: true, authzMetadata: false } })).toHaveProperty(
      "authzMetadata",
      false,
    );
    expect(await acceptFor({ status: 200, json: { allowed: true, authzMetadata: "" } })).toHaveProperty(
      "authzMetadata",
      "",
    );
  });

  it("leaves iceServers and authzMetadata out of accept when the webhook did not send them", async () => {
    const accept = await acceptFor({ status: 200, json: { allowed: true } });
    expect(Object.keys(accept).sort()).toEqual(["connectionId", "isExistClient", "isExistUser", "type"]);
  });

  it("leaves out iceServers and authzMetadata that the webhook sent as null, like Ayame", async () => {
    const accept = await acceptFor({ status: 200, json: { allowed: true, iceServers: null, authzMetadata: null } });
    expect(Object.keys(accept).sort()).toEqual(["connectionId", "isExistClient", "isExistUser", "type"]);
  });

  it("gives the second client of the room its own grant with isExistUser true", async () => {
    const roomId = uniqueRoomId("authn-grants");
    await scriptAuthn(
      roomId,
      { status: 200, json: { allowed: true, authzMetadata: { who: "first" } } },
      { clientId: "first" },
    );
    await scriptAuthn(
      roomId,
      { status: 200, json: { allowed: true, authzMetadata: { who: "second" } } },
      { clientId: "second" },
    );
    const first = await register(roomId, { clientId: "first" });
    expect(await outcomeOf(first)).toMatchObject({ isExistUser: false, authzMetadata: { who: "first" } });
    const second = await register(roomId, { clientId: "second" });
    expect(await outcomeOf(second)).toMatchObject({
      isExistUser: true,
      isExistClient: true,
      authzMetadata: { who: "second" },
    });
  });
});

describe("allowed: false with a reason", () => {
  it.each([
    ["a plain word", "forbidden"],
    ["unicode, spaces and quotes", '  Zugriff verweigert ✗ "key" expired\n'],
    ["the word full", "full"],
  ])("rejects with the reason verbatim (%s), then closes 1000", async (_label, reason) => {
    const roomId = uniqueRoomId("authn-denied");
    await scriptAuthn(roomId, { status: 200, json: { allowed: false, reason } });
    await expectRejected(await register(roomId), reason);
  });
});

describe("everything else rejects with InternalServerError, then closes 1000", () => {
  const rows: Array<[string, WebhookAnswer]> = [
    ["allowed: false without a reason", { status: 200, json: { allowed: false } }],
    ["allowed: false with an empty reason", { status: 200, json: { allowed: false, reason: "" } }],
    ["allowed: false with a reason that is not a string", { status: 200, json: { allowed: false, reason: 42 } }],
    ["allowed missing", { status: 200, json: { reason: "no allowed field", iceServers: [] } }],
    ['allowed as the string "true"', { status: 200, json: { allowed: "true" } }],
    ["allowed as 1", { status: 200, json: { allowed: 1 } }],
    ["a JSON answer that is not an object", { status: 200, json: [{ allowed: true }] }],
    ["a JSON null answer", { status: 200, raw: "null" }],
    ["status 201 with allowed: true", { status: 201, json: { allowed: true } }],
    ["status 204", { status: 204, raw: "" }],
    ["status 500 with allowed: true", { status: 500, json: { allowed: true } }],
    ["status 403 with allowed: false and a reason", { status: 403, json: { allowed: false, reason: "nope" } }],
    ["invalid JSON", { status: 200, raw: '{"allowed": true' }],
    ["an empty body", { status: 200, raw: "" }],
    ["a server that never answers (timeout)", { hang: true }],
    ["a server that sends headers but never finishes the body (timeout)", { status: 200, partial: '{"allowed":' }],
    ["a server that destroys the connection", { destroy: true }],
  ];

  it.each(rows)("%s", async (_label, answer) => {
    const roomId = uniqueRoomId("authn-failed");
    await scriptAuthn(roomId, answer);
    const socket = await register(roomId, { clientId: "c" });
    await expectRejected(socket, "InternalServerError");
    expect(await requests(roomId, { path: AUTHN_PATH })).toHaveLength(1);
  });
});
