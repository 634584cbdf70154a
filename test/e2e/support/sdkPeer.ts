// One SDK peer: a page of the e2e harness in its own browser context, seen from the test.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { newPeerContext } from "./browser";
import type {
  HarnessEvent,
  HarnessGlobal,
  InboundMedia,
  JoinOptions,
  RecordedFrame,
  RecordedFramesGlobal,
} from "./harnessTypes";
import { collectConsole, frameTranscript, recordedFrames } from "./transcript";

const WAIT_MS = 30_000;

export class SdkPeer {
  private constructor(
    readonly name: string,
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly console: string[],
  ) {}

  static async open(browser: Browser, harnessUrl: string, name: string): Promise<SdkPeer> {
    const context = await newPeerContext(browser);
    const page = await context.newPage();
    const console = collectConsole(page);
    await page.goto(harnessUrl);
    await page.waitForFunction(() => "harness" in globalThis);
    return new SdkPeer(name, context, page, console);
  }

  join(options: JoinOptions): Promise<void> {
    return this.page.evaluate((o) => (globalThis as unknown as HarnessGlobal).harness.join(o), options);
  }

  leave(): Promise<void> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.leave());
  }

  send(text: string): Promise<void> {
    return this.page.evaluate((t) => (globalThis as unknown as HarnessGlobal).harness.send(t), text);
  }

  events(): Promise<HarnessEvent[]> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.events);
  }

  frames(): Promise<RecordedFrame[]> {
    return recordedFrames(this.page);
  }

  remoteTrackKinds(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.remoteTrackKinds());
  }

  inboundMedia(): Promise<InboundMedia> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.inboundMedia());
  }

  iceServers(): Promise<unknown> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.iceServers());
  }

  peerConnectionState(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.peerConnectionState());
  }

  /** The first SDK/harness event of this kind, once it has happened. */
  async event<K extends HarnessEvent["kind"]>(kind: K): Promise<Extract<HarnessEvent, { kind: K }>> {
    await this.waitFor(
      `event "${kind}"`,
      (k) => (globalThis as unknown as HarnessGlobal).harness.events.some((e) => e.kind === k),
      kind,
    );
    const events = await this.events();
    return events.find((e) => e.kind === kind) as Extract<HarnessEvent, { kind: K }>;
  }

  /** Waits until the SDK reports ICE connected and the DataChannel is open. */
  async connected(): Promise<void> {
    await this.event("connect");
    await this.waitFor(
      "DataChannel open",
      () => (globalThis as unknown as HarnessGlobal).harness.channelState() === "open",
      null,
    );
  }

  async receivedMessage(text: string): Promise<void> {
    await this.waitFor(
      `DataChannel message ${JSON.stringify(text)}`,
      (t) => (globalThis as unknown as HarnessGlobal).harness.received.includes(t ?? ""),
      text,
    );
  }

  /** The close event of the SDK's (first) signaling socket, once it has closed. */
  async socketClosed(): Promise<Extract<RecordedFrame, { kind: "closed" }>> {
    await this.waitFor(
      "signaling socket closed",
      () => (globalThis as unknown as RecordedFramesGlobal).__wsFrames.some((f) => f.kind === "closed"),
      null,
    );
    const frames = await this.frames();
    return frames.find((f) => f.kind === "closed") as Extract<RecordedFrame, { kind: "closed" }>;
  }

  /** The WebSocket exchange, SDK events and console of this page, for failure reports. */
  async transcript(): Promise<string> {
    const events = await this.events().catch((error: unknown) => String(error));
    return [
      await frameTranscript(this.page, this.name),
      `--- ${this.name}: SDK events: ${JSON.stringify(events)}`,
      ...(this.console.length > 0 ? [`--- ${this.name}: console ---`, ...this.console.map((line) => `  ${line}`)] : []),
    ].join("\n");
  }

  close(): Promise<void> {
    return this.context.close();
  }

  private async waitFor(what: string, predicate: (arg: string | null) => boolean, arg: string | null): Promise<void> {
    try {
      await this.page.waitForFunction(predicate, arg, { timeout: WAIT_MS, polling: 100 });
    } catch (error) {
      throw new Error(`${this.name}: gave up waiting for ${what}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
}

/**
 * Runs a scenario with fresh peers and closes them afterwards. When the scenario fails, every peer's
 * WebSocket exchange is printed, so the failure shows what the server and the SDK said to each other.
 */
export async function withPeers(
  browser: Browser,
  harnessUrl: string,
  scenario: (open: (name: string) => Promise<SdkPeer>) => Promise<void>,
): Promise<void> {
  const peers: SdkPeer[] = [];
  const open = async (name: string) => {
    const peer = await SdkPeer.open(browser, harnessUrl, name);
    peers.push(peer);
    return peer;
  };
  try {
    await scenario(open);
  } catch (error) {
    const transcripts = await Promise.all(peers.map((peer) => peer.transcript()));
    console.error(transcripts.join("\n"));
    throw error;
  } finally {
    await Promise.all(peers.map((peer) => peer.close()));
  }
}
