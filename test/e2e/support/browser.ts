// Debian's headless Chromium, driven by playwright-core, set up so that two pages on one machine can open a
// real RTCPeerConnection over loopback without anything leaving it.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const recordWebSocketFrames = resolve(dirname(fileURLToPath(import.meta.url)), "../harness/recordWebSocketFrames.js");

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH (docs/e2e.md)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Loopback host candidates are dropped by default; two pages on one machine need them.
      "--allow-loopback-in-peer-connection",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
    ],
  });
}

/**
 * A context per peer, like a user per browser. Camera and microphone are granted up front: besides letting
 * getUserMedia succeed, a granted permission makes Chromium expose host candidates instead of mDNS names.
 * Every page in it records its WebSocket frames (window.__wsFrames).
 */
export async function newPeerContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  await context.addInitScript({ path: recordWebSocketFrames });
  return context;
}
