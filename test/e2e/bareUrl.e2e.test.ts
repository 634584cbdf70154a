// The unmodified web SDK with a stock signaling URL: `ws://host/signaling`, the room id only in
// `connection(url, roomId)`, against `wrangler dev` with ROOM_ID_FROM_REGISTER=true (src/edge/registerRouter.ts).
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
  [dev, harness, browser] = await Promise.all([
    startWranglerDev({ vars: { ROOM_ID_FROM_REGISTER: "true" } }),
    startHarnessServer(),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), harness?.stop(), dev?.stop()]);
});

const bareUrl = () => `${dev.url.replace(/^http/, "ws")}/signaling`;
const peers = (scenario: Parameters<typeof withPeers>[2]) => withPeers(browser, harness.url, scenario);

describe("two SDK peers on the bare signaling URL", () => {
  test("meet in the room of their register frame, connect and chat over a DataChannel, then bye", () =>
    peers(async (open) => {
      const roomId = `bare-${randomUUID()}`;
      const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
      await alice.join({ signalingUrl: bareUrl(), roomId });
      await alice.event("open");
      await bob.join({ signalingUrl: bareUrl(), roomId });
      await Promise.all([alice.connected(), bob.connected()]);

      for (const peer of [alice, bob]) {
        const created = (await peer.frames()).flatMap((frame) => (frame.kind === "create" ? [frame.url] : []));
        expect(created).toEqual([bareUrl()]);
      }
      await alice.send("hello over the bare URL");
      await bob.receivedMessage("hello over the bare URL");
      await bob.send("hello back");
      await alice.receivedMessage("hello back");

      await alice.leave();
      expect(await alice.socketClosed()).toMatchObject({ code: 1005, wasClean: true });
      await bob.event("bye");
      expect(await bob.socketClosed()).toMatchObject({ code: 1000, wasClean: true });
      expect(incomingTypes(await bob.frames())).toContain("bye");
    }));

  test("a peer with another room id on the same URL lands in another room", () =>
    peers(async (open) => {
      const [alice, bob] = await Promise.all([open("alice"), open("bob")]);
      await alice.join({ signalingUrl: bareUrl(), roomId: `bare-a-${randomUUID()}` });
      await alice.event("open");
      await bob.join({ signalingUrl: bareUrl(), roomId: `bare-b-${randomUUID()}` });
      await bob.event("open");
      // Each is alone in its room: accept said isExistUser false to both, so neither sent an offer.
      for (const peer of [alice, bob]) {
        const accept = (await peer.frames()).find(
          (frame) => frame.kind === "in" && JSON.parse(frame.data).type === "accept",
        );
        expect(accept && JSON.parse((accept as { data: string }).data)).toMatchObject({ isExistUser: false });
        expect(incomingTypes(await peer.frames())).not.toContain("offer");
      }
    }));
});
