// The unmodified Ayame web SDK against a server with an authentication webhook (a real local HTTP server):
// what the SDK sends reaches the webhook, and what the webhook answers reaches the SDK.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { AUTHN_PATH, requests, scriptAuthn } from "../support/webhookControl";
import { startWranglerDev, type WranglerDev } from "../support/wranglerDev";
import { launchChromium } from "./support/browser";
import { withPeers } from "./support/sdkPeer";
import { type StaticServer, startHarnessServer } from "./support/staticServer";

let dev: WranglerDev;
let harness: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const vars = { AUTHN_WEBHOOK_URL: `http://127.0.0.1:${inject("webhookPort")}${AUTHN_PATH}` };
  [dev, harness, browser] = await Promise.all([startWranglerDev({ vars }), startHarnessServer(), launchChromium()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), harness?.stop(), dev?.stop()]);
});

const room = (name: string) => `${name}-${randomUUID()}`;
const signalingUrl = (roomId: string) =>
  `${dev.url.replace(/^http/, "ws")}/signaling?roomId=${encodeURIComponent(roomId)}`;
const peers = (scenario: Parameters<typeof withPeers>[2]) => withPeers(browser, harness.url, scenario);

describe("the SDK with an authentication webhook", () => {
  test("authnMetadata and the signaling key reach the webhook; its iceServers and authzMetadata reach the SDK", () =>
    peers(async (open) => {
      const roomId = room("authn");
      // Loopback only: no STUN/TURN server listens there, which host candidates do not need.
      const iceServers = [
        { urls: ["stun:127.0.0.1:3478"] },
        { urls: ["turn:127.0.0.1:3478?transport=udp"], username: "alice-or-bob", credential: "issued-by-webhook" },
      ];
      await scriptAuthn(
        roomId,
        { status: 200, json: { allowed: true, iceServers, authzMetadata: { role: "host" } } },
        { clientId: "alice" },
      );
      await scriptAuthn(
        roomId,
        { status: 200, json: { allowed: true, iceServers, authzMetadata: { role: "guest" } } },
        { clientId: "bob" },
      );
      const [alice, bob] = await Promise.all([open("alice"), open("bob")]);

      await alice.join({
        signalingUrl: signalingUrl(roomId),
        roomId,
        clientId: "alice",
        signalingKey: "key-of-alice",
        authnMetadata: { user: "alice", tags: ["a", 1] },
      });
      expect(await alice.event("open")).toEqual({ kind: "open", authzMetadata: { role: "host" } });
      await bob.join({ signalingUrl: signalingUrl(roomId), roomId, clientId: "bob", signalingKey: "key-of-bob" });
      expect(await bob.event("open")).toEqual({ kind: "open", authzMetadata: { role: "guest" } });

      const bodies = (await requests(roomId, { path: AUTHN_PATH, count: 2 })).map((request) => request.body);
      expect(bodies).toEqual([
        expect.objectContaining({
          roomId,
          clientId: "alice",
          signalingKey: "key-of-alice",
          authnMetadata: { user: "alice", tags: ["a", 1] },
        }),
        expect.objectContaining({ roomId, clientId: "bob", signalingKey: "key-of-bob" }),
      ]);
      expect(bodies[1]).not.toHaveProperty("authnMetadata");

      for (const peer of [alice, bob]) expect(await peer.iceServers()).toMatchObject(iceServers);
      await Promise.all([alice.connected(), bob.connected()]);
      await alice.send("authorized");
      await bob.receivedMessage("authorized");
    }));

  test("a denial from the webhook reaches the SDK's disconnect reason", () =>
    peers(async (open) => {
      const roomId = room("denied");
      await scriptAuthn(roomId, { status: 200, json: { allowed: false, reason: "not on the guest list" } });
      const mallory = await open("mallory");

      await mallory.join({ signalingUrl: signalingUrl(roomId), roomId, signalingKey: "wrong-key" });
      expect(await mallory.event("disconnect")).toEqual({ kind: "disconnect", reason: "not on the guest list" });
      expect(await mallory.socketClosed()).toMatchObject({ code: 1000 });
      const [request] = await requests(roomId, { path: AUTHN_PATH, count: 1 });
      expect(request?.body).toMatchObject({ roomId, signalingKey: "wrong-key" });
    }));
});
