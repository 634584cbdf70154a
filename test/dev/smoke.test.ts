// Smoke test against a real `wrangler dev`: liveness, a full two-peer exchange over plain `ws` clients,
// and the structured logs it leaves (lifecycle lines with ids, no frame payloads).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, join, type NodeSocket, notPing } from "../support/nodeSocket";
import { startWranglerDev, type WranglerDev } from "../support/wranglerDev";

type LogLine = Record<string, unknown> & { event: string };

let dev: WranglerDev;

beforeAll(async () => {
  dev = await startWranglerDev();
});

afterAll(async () => {
  await dev?.stop();
});

/** Structured lines the Worker logged so far (wrangler decorates warnings with a prefix and colours). */
function logLines(): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of dev.output().split("\n")) {
    const start = line.indexOf('{"level"');
    if (start < 0) continue;
    try {
      lines.push(JSON.parse(line.slice(start, line.lastIndexOf("}") + 1)) as LogLine);
    } catch {
      // a line cut in two by the pipe; the next read has it whole
    }
  }
  return lines;
}

/** Waits until a log line matches (logs are written after the socket sees the effect). */
async function logged(match: Partial<LogLine>, timeoutMs = 10_000): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = logLines().find((line) => Object.entries(match).every(([key, value]) => line[key] === value));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no log line matching ${JSON.stringify(match)} in:\n${dev.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("wrangler dev", () => {
  const tag = randomUUID();
  const roomId = `smoke-${tag}`;
  const badRoomId = `smoke-bad-${tag}`;
  // Distinctive payloads: none of them may ever show up in the logs.
  const offer = JSON.stringify({ type: "offer", sdp: `v=0\r\no=- smoke-offer-${tag} 2 IN IP4 127.0.0.1\r\n` });
  const answer = JSON.stringify({ type: "answer", sdp: `v=0\r\no=- smoke-answer-${tag} 2 IN IP4 127.0.0.1\r\n` });
  const candidate = JSON.stringify({
    type: "candidate",
    ice: {
      candidate: `candidate:smoke-candidate-${tag} 1 udp 2122260223 192.0.2.1 54321 typ host`,
      sdpMid: "0",
      sdpMLineIndex: 0,
    },
  });
  const signalingKey = `smoke-secret-key-${tag}`;
  const badFrame = `{"type":"offer", smoke-bad-frame-${tag}`;

  let first: { socket: NodeSocket; accept: Record<string, unknown> };
  let second: { socket: NodeSocket; accept: Record<string, unknown> };

  it("answers /.ok with 200 and an empty body", async () => {
    const response = await fetch(`${dev.url}/.ok`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("runs register → offer → answer → candidate → leave between two ws clients", async () => {
    first = await join(dev.url, roomId, { clientId: "smoke-first", signalingKey });
    second = await join(dev.url, roomId, { clientId: "smoke-second", signalingKey });
    expect(first.accept).toMatchObject({ type: "accept", isExistClient: false, isExistUser: false });
    expect(second.accept).toMatchObject({ type: "accept", isExistClient: true, isExistUser: true });

    // The one who saw isExistUser: true makes the offer, as the web SDK does.
    second.socket.send(offer);
    expect(await first.socket.nextText(notPing)).toBe(offer);
    first.socket.send(answer);
    expect(await second.socket.nextText(notPing)).toBe(answer);
    first.socket.send(candidate);
    expect(await second.socket.nextText(notPing)).toBe(candidate);
    second.socket.send(candidate);
    expect(await first.socket.nextText(notPing)).toBe(candidate);

    first.socket.close(1000, "done");
    expect(await second.socket.nextText(notPing)).toBe('{"type":"bye"}');
    expect((await second.socket.closed).code).toBe(1000);
    expect((await first.socket.closed).code).toBe(1000);
  });

  it("closes a client that sends a bad frame with 1000", async () => {
    const bad = await connect(dev.url, badRoomId);
    bad.send(badFrame);
    expect((await bad.closed).code).toBe(1000);
    expect(bad.frames).toEqual([]);
  });

  it("logs one summary line per connection: ids, outcome, close, timings and what was relayed", async () => {
    const [leaver, survivor] = [first, second].map((peer) => peer.accept.connectionId);
    expect(await logged({ event: "connection", roomId, connectionId: leaver })).toMatchObject({
      level: "info",
      accepted: true,
      isExistUser: false,
      outcome: "closedByClient",
      closeCode: 1000,
      closeReason: "done",
      closedBy: "client",
      registerToAcceptMs: expect.any(Number),
      lifetimeMs: expect.any(Number),
      sent: { frames: 2, bytes: expect.any(Number) },
      received: { frames: 2, bytes: expect.any(Number) },
    });
    expect(await logged({ event: "connection", roomId, connectionId: survivor })).toMatchObject({
      isExistUser: true,
      outcome: "peerLeft",
      closeCode: 1000,
      closeReason: "peer left",
      closedBy: "server",
      sent: { frames: 2 },
      received: { frames: 2 },
    });
    // One line per connection at info: nothing else is logged about a session that went well.
    const lines = dev
      .output()
      .split("\n")
      .filter((line) => line.includes(roomId));
    expect(lines).toHaveLength(2);
  });

  it("logs a protocol error when it happens, with what was wrong, and again in the summary", async () => {
    const problem = await logged({ event: "connection.problem", roomId: badRoomId });
    expect(problem.connectionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(problem).toMatchObject({ level: "warn", outcome: "protocolError", code: 1000, problem: "not valid JSON" });
    expect(await logged({ event: "connection", roomId: badRoomId, connectionId: problem.connectionId })).toMatchObject({
      accepted: false,
      outcome: "protocolError",
      problem: "not valid JSON",
      closeReason: "protocol error: malformed frame",
    });
  });

  it("never logs a frame payload or a signaling key", async () => {
    await logged({ event: "connection", roomId: badRoomId });
    const output = dev.output();
    for (const secret of [
      `smoke-offer-${tag}`,
      `smoke-answer-${tag}`,
      `smoke-candidate-${tag}`,
      signalingKey,
      `smoke-bad-frame-${tag}`,
    ]) {
      expect(output).not.toContain(secret);
    }
    // The logs are there, so their silence about payloads means something.
    expect(output).toContain(roomId);
  });
});
