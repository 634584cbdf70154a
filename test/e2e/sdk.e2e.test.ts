// The unmodified Ayame web SDK in headless Chromium against `wrangler dev`: what an application built on
// the SDK sees when it talks to this server.
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startWranglerDev, type WranglerDev } from "../support/wranglerDev";
import { launchChromium } from "./support/browser";
import { withPeers } from "./support/sdkPeer";
import { type StaticServer, startHarnessServer } from "./support/staticServer";
import { incomingTypes } from "./support/transcript";

let dev: WranglerDev;
let harness: StaticServer;
let browser: Browser;

beforeAll(async () => {
  [dev, harness, browser] = await Promise.all([startWranglerDev(), startHarnessServer(), launchChromium()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), harness?.stop(), dev?.stop()]);
});

const room = (name: string) => `${name}-${randomUUID()}`;
const signalingUrl = (roomId: string) =>
  `${dev.url.replace(/^http/, "ws")}/signaling?roomId=${encodeURIComponent(roomId)}`;
const peers = (scenario: Parameters<typeof withPeers>[2]) => withPeers(browser, harness.url, scenario);

describe("two SDK peers in one room", () => {
  test("open a real RTCPeerConnection and pass DataChannel messages each way", () =>
    peers(async (open) => {
      const roomId = room("data");
      const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
      await alice.join({ signalingUrl: signalingUrl(roomId), roomId });
      await alice.event("open");
      await bob.join({ signalingUrl: signalingUrl(roomId), roomId });
      await Promise.all([alice.connected(), bob.connected()]);

      await alice.send("hello from alice");
      await bob.receivedMessage("hello from alice");
      await bob.send("hello from bob");
      await alice.receivedMessage("hello from bob");
      expect(await alice.peerConnectionState()).toBe("connected");
      expect(await bob.peerConnectionState()).toBe("connected");
    }));

  test("with fake camera and microphone, each side receives and decodes the other's tracks", () =>
    peers(async (open) => {
      const roomId = room("media");
      const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
      await alice.join({ signalingUrl: signalingUrl(roomId), roomId, media: true });
      await alice.event("open");
      await bob.join({ signalingUrl: signalingUrl(roomId), roomId, media: true });

      for (const peer of [alice, bob]) {
        expect((await peer.event("addstream")).kinds).toEqual(["audio", "video"]);
        await expect
          .poll(async () => (await peer.inboundMedia()).audioBytes, { timeout: 30_000, interval: 200 })
          .toBeGreaterThan(0);
        await expect
          .poll(async () => (await peer.inboundMedia()).videoFramesDecoded, { timeout: 30_000, interval: 200 })
          .toBeGreaterThan(0);
      }
    }));

  test("when one peer leaves, the other's bye callback fires and the server closes its socket", () =>
    peers(async (open) => {
      const roomId = room("bye");
      const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
      await alice.join({ signalingUrl: signalingUrl(roomId), roomId });
      await alice.event("open");
      await bob.join({ signalingUrl: signalingUrl(roomId), roomId });
      await Promise.all([alice.connected(), bob.connected()]);

      await alice.leave();
      // The SDK closes without a code; the server answers that Close frame in kind instead of leaving it hanging.
      expect(await alice.socketClosed()).toMatchObject({ code: 1005, wasClean: true });
      await bob.event("bye");
      const closed = await bob.socketClosed();
      expect(closed).toMatchObject({ code: 1000, wasClean: true });
      expect(incomingTypes(await bob.frames())).toContain("bye");
    }));

  test("a third peer is rejected with reason full while the pair stays connected", () =>
    peers(async (open) => {
      const roomId = room("full");
      const [alice, bob, carol] = await Promise.all([open("alice"), open("bob"), open("carol")]);
      await alice.join({ signalingUrl: signalingUrl(roomId), roomId });
      await alice.event("open");
      await bob.join({ signalingUrl: signalingUrl(roomId), roomId });
      await Promise.all([alice.connected(), bob.connected()]);

      await carol.join({ signalingUrl: signalingUrl(roomId), roomId });
      expect(await carol.event("disconnect")).toEqual({ kind: "disconnect", reason: "full" });
      expect(await carol.socketClosed()).toMatchObject({ code: 1000 });

      await alice.send("still here");
      await bob.receivedMessage("still here");
      for (const peer of [alice, bob]) {
        expect((await peer.frames()).some((f) => f.kind === "closed")).toBe(false);
      }
    }));
});

describe("standalone SDK peers", () => {
  test("the server closes each socket with 1000 after connected, and media and data keep flowing", () =>
    peers(async (open) => {
      const roomId = room("standalone");
      const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
      await alice.join({ signalingUrl: signalingUrl(roomId), roomId, media: true, standalone: true });
      await alice.event("open");
      await bob.join({ signalingUrl: signalingUrl(roomId), roomId, media: true, standalone: true });
      await Promise.all([alice.connected(), bob.connected()]);

      let sentConnectedWhileOpen = 0;
      for (const peer of [alice, bob]) {
        // 1000 is the server's Close frame; an echo of the SDK's own close (no code), sent right after
        // "connected", would read 1005. The two Close frames cross, so wasClean depends on timing.
        expect(await peer.socketClosed()).toMatchObject({ code: 1000 });
        const frames = await peer.frames();
        expect(incomingTypes(frames)).not.toContain("bye");
        // The first peer to reach "connected" tells an open socket; the other may already have been
        // released as the survivor (also 1000) before its own "connected" went out.
        const connectedAt = frames.findIndex((f) => f.kind === "out" && JSON.parse(f.data).type === "connected");
        const closedAt = frames.findIndex((f) => f.kind === "closed");
        if (connectedAt !== -1 && connectedAt < closedAt) sentConnectedWhileOpen += 1;
      }
      expect(sentConnectedWhileOpen).toBeGreaterThan(0);

      await alice.send("after signaling");
      await bob.receivedMessage("after signaling");
      await bob.send("still peer to peer");
      await alice.receivedMessage("still peer to peer");
      for (const peer of [alice, bob]) {
        const before = await peer.inboundMedia();
        await expect
          .poll(async () => (await peer.inboundMedia()).videoFramesDecoded, { timeout: 30_000, interval: 200 })
          .toBeGreaterThan(before.videoFramesDecoded);
        await expect
          .poll(async () => (await peer.inboundMedia()).audioBytes, { timeout: 30_000, interval: 200 })
          .toBeGreaterThan(before.audioBytes);
      }
    }));
});
