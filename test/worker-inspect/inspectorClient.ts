// An inspector socket for the Workers pool: opens `/inspect` through the Worker's real fetch handler and keeps
// every inspection event it receives, parsed, in order.
import { exports } from "cloudflare:workers";
import { withClientAddress } from "../support/clientAddress";

export const TOKEN = "inspect-token-for-tests-0123456789";

export interface InspectionFrame {
  type: "@xstate.actor" | "@xstate.event" | "@xstate.snapshot";
  sessionId: string;
  [field: string]: unknown;
}

export interface Inspector {
  ws: WebSocket;
  /** Every frame so far, parsed; and the raw texts, for searching them whole. */
  frames: InspectionFrame[];
  texts: string[];
  /** Resolves once `count` frames arrived (rejects after 5 s, listing what came). */
  received(count: number): Promise<InspectionFrame[]>;
  /** Resolves once a frame matches. */
  until(match: (frame: InspectionFrame) => boolean): Promise<InspectionFrame>;
}

export function inspectUpgrade(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`http://ayame.test/inspect${query}`, {
    headers: { upgrade: "websocket", ...withClientAddress(headers) },
  });
}

export async function inspect(
  roomId: string,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
): Promise<Inspector> {
  const response = await inspectUpgrade(`?roomId=${encodeURIComponent(roomId)}`, headers);
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) throw new Error(`expected 101, got ${response.status}: ${await response.text()}`);
  ws.accept();
  const frames: InspectionFrame[] = [];
  const texts: string[] = [];
  let wake = () => {};
  ws.addEventListener("message", (event) => {
    texts.push(event.data as string);
    frames.push(JSON.parse(event.data as string) as InspectionFrame);
    wake();
  });
  const until = async (match: (frame: InspectionFrame) => boolean): Promise<InspectionFrame> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame among ${JSON.stringify(frames.map(summary))}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  const received = async (count: number) => {
    await until(() => frames.length >= count);
    return frames.slice(0, count);
  };
  return { ws, frames, texts, received, until };
}

/** `sessionId type EVENT → value`, the shape of the stream at a glance. */
export function summary(frame: InspectionFrame): string {
  const event = (frame.event as { type?: string } | undefined)?.type;
  const value = (frame.snapshot as { value?: unknown; status?: string } | undefined)?.value;
  const status = (frame.snapshot as { status?: string } | undefined)?.status;
  const who = frame.sessionId === "room" ? "room" : "conn";
  if (frame.type === "@xstate.actor") return `${who} actor ${JSON.stringify(value)}`;
  if (frame.type === "@xstate.event")
    return `${who} event ${event}${frame.sourceId ? ` from ${frame.sourceId === "room" ? "room" : "conn"}` : ""}`;
  return `${who} snapshot ${JSON.stringify(value)}${status === "active" ? "" : ` ${status}`}`;
}
