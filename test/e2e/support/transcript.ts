// Failure reports: what a page's WebSockets sent and received (recorded by harness/recordWebSocketFrames.js).
import type { Page } from "playwright-core";
import type { RecordedFrame, RecordedFramesGlobal } from "./harnessTypes";

export function recordedFrames(page: Page): Promise<RecordedFrame[]> {
  return page.evaluate(() => (globalThis as unknown as RecordedFramesGlobal).__wsFrames);
}

/** The `type` of every frame the page received, in order. */
export function incomingTypes(frames: RecordedFrame[]): string[] {
  return frames.flatMap((frame) => (frame.kind === "in" ? [String(JSON.parse(frame.data).type)] : []));
}

/** Every WebSocket frame and close of the page, one line each (SDP shortened). */
export async function frameTranscript(page: Page, name: string): Promise<string> {
  let frames: RecordedFrame[];
  try {
    frames = await recordedFrames(page);
  } catch (error) {
    return `--- ${name}: no WebSocket frames (${String(error)})`;
  }
  const lines = frames.map((frame) => {
    const { socket, at, kind, ...detail } = frame;
    const text = "data" in detail ? shorten(detail.data) : JSON.stringify(detail);
    return `  ${String(at).padStart(6)}ms ws#${socket} ${kind.padEnd(7)} ${text}`;
  });
  return [`--- ${name}: WebSocket exchange ---`, ...lines].join("\n");
}

/** Collects a page's console messages and uncaught errors, for failure reports. */
export function collectConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on("console", (message) => lines.push(`[${message.type()}] ${message.text()}`));
  page.on("pageerror", (error) => lines.push(`[pageerror] ${error.message}`));
  return lines;
}

function shorten(data: string): string {
  return data.length > 240 ? `${data.slice(0, 240)}… (${data.length} chars)` : data;
}
