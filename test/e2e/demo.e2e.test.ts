// The demo page at `/`, as a visitor uses it: two tabs join one room with data only and chat. The suite
// also takes the README's screenshot (docs/demo-two-tabs.png) of the two tabs, connected.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startWranglerDev, type WranglerDev } from "../support/wranglerDev";
import { launchChromium, newPeerContext } from "./support/browser";
import { collectConsole, frameTranscript, recordedFrames } from "./support/transcript";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCREENSHOT = resolve(projectRoot, "docs/demo-two-tabs.png");
const TAB = { width: 640, height: 800 };
const WAIT_MS = 30_000;

let dev: WranglerDev;
let browser: Browser;

beforeAll(async () => {
  [dev, browser] = await Promise.all([startWranglerDev(), launchChromium()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), dev?.stop()]);
});

test("the Worker serves the pinned SDK to the demo page", async () => {
  const served = await fetch(`${dev.url}/vendor/ayame.mjs`);
  expect(served.status).toBe(200);
  const pinned = await readFile(resolve(projectRoot, "node_modules/@open-ayame/ayame-web-sdk/dist/ayame.mjs"));
  expect(Buffer.from(await served.arrayBuffer()).equals(pinned)).toBe(true);
});

test("two tabs join one room with data only, chat both ways, and are photographed side by side", async () => {
  const context = await newPeerContext(browser);
  const tabs: Array<{ name: string; page: Page; console: string[] }> = [];
  try {
    for (const name of ["tab 1", "tab 2"]) {
      const page = await context.newPage();
      tabs.push({ name, page, console: collectConsole(page) });
      await page.setViewportSize(TAB);
      await page.goto(`${dev.url}/?room=demo`);
    }
    const [first, second] = tabs.map((tab) => tab.page) as [Page, Page];
    expect(await first.title()).toBe("Ayame-DO demo");
    const expectedUrl = `${dev.url.replace(/^http/, "ws")}/signaling?roomId=demo`;

    for (const page of [first, second]) {
      await page.getByLabel("Data only (chat)").check();
      await page.getByRole("button", { name: "Join" }).click();
      // The second tab joins once the first is in the room, so the first one is the answering peer.
      await page
        .getByRole("status")
        .filter({ hasText: /Waiting for a peer|Connected to a peer/ })
        .waitFor({ timeout: WAIT_MS });
    }
    for (const page of [first, second]) {
      await page.getByRole("status").filter({ hasText: "Connected to a peer" }).waitFor({ timeout: WAIT_MS });
      await expect.poll(() => page.getByLabel("Message").isEnabled(), { timeout: WAIT_MS }).toBe(true);
      const sockets = (await recordedFrames(page)).flatMap((frame) => (frame.kind === "create" ? [frame.url] : []));
      expect(sockets).toEqual([expectedUrl]);
    }

    for (const page of [first, second]) {
      // No ICE servers in accept (no webhook, no TURN): the page says so, and the pair runs host to host.
      expect(await page.locator("#ice-servers").textContent()).toBe("none (host candidates only)");
      await expect.poll(() => page.locator("#route").textContent(), { timeout: WAIT_MS }).toBe("direct (host ↔ host)");
    }

    await say(first, "Hello from tab 1");
    await heard(second, "Hello from tab 1");
    await say(second, "Hi! Tab 2 here, peer to peer over a DataChannel.");
    await heard(first, "Hi! Tab 2 here, peer to peer over a DataChannel.");

    await photograph(first, second);
  } catch (error) {
    const transcripts = await Promise.all(tabs.map((tab) => frameTranscript(tab.page, tab.name)));
    const consoles = tabs.map((tab) => `--- ${tab.name}: console ---\n${tab.console.join("\n")}`);
    console.error([...transcripts, ...consoles].join("\n"));
    throw error;
  } finally {
    await context.close();
  }
});

async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel("Message").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

async function heard(page: Page, text: string): Promise<void> {
  await page
    .getByRole("log")
    .filter({ hasText: `Peer: ${text}` })
    .waitFor({ timeout: WAIT_MS });
}

/** Both tabs' full pages, side by side, in one PNG. */
async function photograph(left: Page, right: Page): Promise<void> {
  const [a, b] = await Promise.all([left.screenshot({ fullPage: true }), right.screenshot({ fullPage: true })]);
  const canvas = await browser.newPage({ viewport: { width: TAB.width * 2 + 48, height: 200 } });
  try {
    const image = (png: Buffer, label: string) =>
      `<figure><figcaption>${label}</figcaption><img alt="${label}" src="data:image/png;base64,${png.toString("base64")}"></figure>`;
    await canvas.setContent(
      `<!doctype html><style>
        body { margin: 0; padding: 16px; display: flex; gap: 16px; background: #d0d4da; font: 14px system-ui, sans-serif; }
        figure { margin: 0; } figcaption { padding: 0 0 6px; color: #333; }
        img { display: block; border: 1px solid #888; box-shadow: 0 2px 8px #0003; }
      </style>${image(a, "Tab 1")}${image(b, "Tab 2")}`,
    );
    await canvas.waitForFunction(
      () =>
        (globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean }> } }).document.images.length ===
        2,
    );
    await canvas.screenshot({ path: SCREENSHOT, fullPage: true });
  } finally {
    await canvas.close();
  }
}
