// The inspector page (/inspect.html, docs/inspector.md) as an operator uses it while two tabs of the demo page
// join a room, chat and leave: each machine's diagram highlights its active states live, the log tells every
// step, and "Open in Stately Inspector" hands the same events to a Stately receiver window (a local page that
// uses @statelyai/inspect's createBrowserReceiver, given as `?inspector=`). Takes docs/inspector.png.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startWranglerDev, type WranglerDev } from "../support/wranglerDev";
import { launchChromium, newPeerContext } from "./support/browser";
import {
  essence,
  highlightedStates,
  inspectorFrames,
  logRows,
  moves,
  openInspector,
  stateShown,
  watching,
} from "./support/inspectorPage";
import { type StaticServer, startStaticServer } from "./support/staticServer";
import { collectConsole, frameTranscript } from "./support/transcript";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCREENSHOT = resolve(projectRoot, "docs/inspector.png");
const TOKEN = "e2e-inspect-token-0123456789abcdef";
const WAIT_MS = 30_000;
const poll = { timeout: WAIT_MS };
const script = "text/javascript; charset=utf-8";

const ACCEPTED_WAITING = ["accepted", "active", "pinged", "waiting"];
const ACCEPTED_PAIRED = ["accepted", "active", "paired", "pinged"];

let dev: WranglerDev;
let browser: Browser;
let receiver: StaticServer;
const pages: Array<{ name: string; page: Page; console: string[] }> = [];

beforeAll(async () => {
  [dev, browser, receiver] = await Promise.all([
    startWranglerDev({ vars: { INSPECT_TOKEN: TOKEN } }),
    launchChromium(),
    startStaticServer({
      "/receiver.html": { file: "test/e2e/harness/statelyReceiver.html", type: "text/html; charset=utf-8" },
      "/statelyReceiver.js": { file: "test/e2e/harness/statelyReceiver.js", type: script },
      "/statelyai-inspect.mjs": { file: "public/vendor/statelyai-inspect.mjs", type: script },
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), dev?.stop(), receiver?.stop()]);
});

/** Keeps the page's console for the failure report. */
function track(name: string, page: Page): Page {
  pages.push({ name, page, console: collectConsole(page) });
  return page;
}

async function inspectorContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript({ path: resolve(projectRoot, "test/e2e/harness/recordWebSocketFrames.js") });
  return context;
}

/** A demo tab that joins `room` with data only; resolves once it is in the room. */
async function joinDemo(context: BrowserContext, room: string, name: string): Promise<Page> {
  const page = track(name, await context.newPage());
  await page.goto(`${dev.url}/?room=${encodeURIComponent(room)}`);
  await page.getByLabel("Data only (chat)").check();
  await page.getByRole("button", { name: "Join" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: /Waiting for a peer|Connected to a peer/ })
    .waitFor({ timeout: WAIT_MS });
  return page;
}

async function connected(...tabs: Page[]): Promise<void> {
  for (const tab of tabs)
    await tab.getByRole("status").filter({ hasText: "Connected to a peer" }).waitFor({ timeout: WAIT_MS });
}

async function reportOnFailure(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const reports = await Promise.all(
      pages.map(async ({ name, page, console }) =>
        [await frameTranscript(page, name), `--- ${name}: console ---`, ...console].join("\n"),
      ),
    );
    console.error(reports.join("\n"));
    throw error;
  } finally {
    pages.length = 0;
  }
}

test("GET /inspect.html reaches the inspector page, served at /inspect beside the inspector's socket", async () => {
  const response = await fetch(`${dev.url}/inspect.html?room=a`);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain("<title>Ayame-DO inspector</title>");
  expect(new URL(response.url).search).toBe("?room=a");
});

test("the demo page links to its room's inspector, which keeps the token in the tab, never in the address", async () => {
  const context = await inspectorContext();
  await reportOnFailure(async () => {
    const page = track("demo, then inspector", await context.newPage());
    await page.goto(`${dev.url}/?room=linked-room`);
    expect(await page.getByRole("link", { name: "inspector" }).getAttribute("href")).toBe(
      "/inspect.html?room=linked-room",
    );
    await page.getByRole("link", { name: "inspector" }).click();
    await expect.poll(() => page.getByLabel("Room").inputValue(), poll).toBe("linked-room");
    await page.getByLabel("Token").fill(TOKEN);
    await page.getByRole("button", { name: "Watch" }).click();
    await watching(page, "linked-room");
    expect(page.url()).not.toContain(TOKEN);
    // A reload watches again: the token is in sessionStorage.
    await page.reload();
    await watching(page, "linked-room");
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([TOKEN]);
  }).finally(() => context.close());
});

test("a session as it happens: the room goes waiting → paired → empty, each connection to paired and closed, highlighted and logged", async () => {
  const room = "inspect-live";
  const [watcher, peers] = await Promise.all([inspectorContext(), newPeerContext(browser)]);
  await reportOnFailure(async () => {
    const page = track("inspector", await openInspector(watcher, dev.url, room, TOKEN));
    await expect.poll(() => highlightedStates(page, "room"), poll).toEqual(["empty"]);

    const first = await joinDemo(peers, room, "tab 1");
    await expect.poll(() => highlightedStates(page, "room"), poll).toEqual(["waiting"]);
    await expect.poll(() => highlightedStates(page, "connection 1"), poll).toEqual(ACCEPTED_WAITING);

    const second = await joinDemo(peers, room, "tab 2");
    await connected(first, second);
    await expect.poll(() => highlightedStates(page, "room"), poll).toEqual(["paired"]);
    for (const card of ["connection 1", "connection 2"]) {
      await expect.poll(() => highlightedStates(page, card), poll).toEqual(ACCEPTED_PAIRED);
      expect(await stateShown(page, card)).toBe("paired");
    }
    await first.getByLabel("Message").fill("Hello from tab 1");
    await first.getByRole("button", { name: "Send" }).click();
    await second.getByRole("log").filter({ hasText: "Peer: Hello from tab 1" }).waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await first.getByRole("button", { name: "Leave" }).click();
    await expect.poll(() => highlightedStates(page, "room"), poll).toEqual(["empty"]);
    for (const card of ["connection 1", "connection 2"]) {
      await expect.poll(() => highlightedStates(page, card), poll).toEqual(["closed"]);
      expect(await stateShown(page, card)).toBe("closed (done)");
    }

    const rows = await logRows(page);
    expect(moves(rows, "room")).toEqual(["JOIN: empty → waiting", "JOIN: waiting → paired", "LEAVE: paired → empty"]);
    expect(moves(rows, "connection 1")).toEqual([
      "REGISTER: awaitingRegister → joining",
      "SLOT_GRANTED: joining → waiting",
      "PEER_JOINED: waiting → paired",
      "SOCKET_CLOSED: paired → closed (done)",
    ]);
    expect(moves(rows, "connection 2")).toEqual([
      "REGISTER: awaitingRegister → joining",
      "SLOT_GRANTED: joining → paired",
      "PEER_LEFT: paired → tearingDown",
      "SOCKET_CLOSED: tearingDown → closed (done)",
    ]);
    const relayed = rows.filter((row) => row.event === "RELAY");
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed.every((row) => row.change === "paired (stays)")).toBe(true);
  }).finally(() => Promise.all([watcher.close(), peers.close()]));
});

test("Open in Stately Inspector hands a receiver window every event the page received, earlier ones first, once each, also when opened again", async () => {
  const room = "inspect-stately";
  const inspector = `${receiver.url}/receiver.html`;
  const [watcher, peers] = await Promise.all([inspectorContext(), newPeerContext(browser)]);
  await reportOnFailure(async () => {
    const page = track(
      "inspector",
      await openInspector(watcher, dev.url, room, TOKEN, `&inspector=${encodeURIComponent(inspector)}`),
    );
    const first = await joinDemo(peers, room, "tab 1");
    const second = await joinDemo(peers, room, "tab 2");
    await connected(first, second);

    // Pressed mid-session: what came before is replayed, what comes after is forwarded as it arrives.
    const opened = watcher.waitForEvent("page");
    await page.getByRole("button", { name: "Open in Stately Inspector" }).click();
    const stately = track("receiver", await opened);
    expect(stately.url()).toBe(inspector);
    await first.getByRole("button", { name: "Leave" }).click();
    for (const card of ["connection 1", "connection 2"])
      await expect.poll(() => stateShown(page, card), poll).toBe("closed (done)");

    const sent = (await inspectorFrames(page)).map(essence);
    expect(sent.filter((frame) => frame.type === "@xstate.actor")).toHaveLength(3);
    const received = () =>
      stately.evaluate(() => (globalThis as unknown as { received: Array<Record<string, unknown>> }).received);
    await expect.poll(async () => (await received()).length, poll).toBe(sent.length);
    expect((await received()).map(essence)).toEqual(sent);

    // Opened again, the same window starts over and gets the whole stream anew, from this inspector alone.
    const reloaded = stately.waitForEvent("load");
    await page.getByRole("button", { name: "Open Stately Inspector again" }).click();
    await reloaded;
    await expect.poll(async () => (await received()).length, poll).toBe(sent.length);
    expect((await received()).map(essence)).toEqual(sent);
  }).finally(() => Promise.all([watcher.close(), peers.close()]));
});
