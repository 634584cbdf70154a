// One Workers Analytics Engine data point per connection, written when it ends (CONNECTION_METRICS, a double
// here): its shape for each way a connection ends, from the same facts as its summary line. Runs with URL routing
// and again with stock URLs (`worker-metrics-register-routing`), where `routing` says `register`.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { defined } from "../support/defined";
import { captureLogLines } from "../support/logLines";
import { installMetricsDataset, type MetricsDouble } from "../support/metricsDataset";
import { MOMO_CLIENT_INFO } from "../support/momoClient";
import { connect, join, notPing, routedByRegister, uniqueRoomId } from "../support/workerSocket";

const routing = routedByRegister ? "register" : "url";
let metrics: MetricsDouble | undefined;
let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => {
  metrics?.remove();
  logs?.restore();
});

/** Blobs and doubles every point has, whatever the connection did; a test overrides what it is about. */
const base = (roomId: string) => ({
  index: roomId,
  roomId,
  routing,
  closedBy: "server",
  rejectReason: "",
  authn: "",
  turn: "",
  ayameClient: "",
  libwebrtc: "",
  standalone: "false",
  approximate: "false",
  version: env.CF_VERSION_METADATA.id,
  registerToAcceptMs: expect.any(Number),
  lifetimeMs: expect.any(Number),
  sentFrames: 0,
  sentBytes: 0,
  receivedFrames: 0,
  receivedBytes: 0,
  pings: 0,
  pongs: 0,
  authnMs: 0,
  turnMs: 0,
  blobCount: 14,
  doubleCount: 10,
});

describe("the data point of a connection", () => {
  it("names the version of the code that ran the room (CF_VERSION_METADATA)", () => {
    expect(env.CF_VERSION_METADATA.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("of a session that goes well: the leaver closed by the client, the survivor left by its peer, with what they relayed", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-session");
    const first = await join(roomId);
    const second = await join(roomId);
    const offer = '{"type":"offer","sdp":"v=0"}';
    second.socket.send(offer);
    expect(await first.socket.nextText(notPing)).toBe(offer);
    second.socket.close(1000, "done");
    expect(await first.socket.closed).toEqual({ code: 1000, reason: "peer left" });
    const points = await metrics.ofRoom(roomId, 2);
    expect(points).toHaveLength(2);
    const byOutcome = Object.fromEntries(points.map((point) => [point.outcome, point]));
    expect(byOutcome.closedByClient).toEqual({
      ...base(roomId),
      outcome: "closedByClient",
      closeCode: "1000",
      closedBy: "client",
      accepted: "true",
      sentFrames: 1,
      sentBytes: offer.length,
    });
    expect(byOutcome.peerLeft).toEqual({
      ...base(roomId),
      outcome: "peerLeft",
      closeCode: "1000",
      accepted: "true",
      receivedFrames: 1,
      receivedBytes: offer.length,
    });
    for (const point of points)
      expect(point.lifetimeMs as number).toBeGreaterThanOrEqual(point.registerToAcceptMs as number);
  });

  it("of a client turned away from a full room: rejected, not accepted, with the reason", async () => {
    const roomId = uniqueRoomId("metrics-full");
    const first = await join(roomId);
    const second = await join(roomId);
    metrics = installMetricsDataset();
    const third = await connect(roomId);
    third.send({ type: "register", roomId });
    expect(await third.next()).toEqual({ type: "reject", reason: "full" });
    await third.closed;
    const [point] = await metrics.ofRoom(roomId, 1);
    expect(point).toEqual({
      ...base(roomId),
      outcome: "rejected",
      closeCode: "1000",
      accepted: "false",
      rejectReason: "full",
      registerToAcceptMs: 0,
    });
    first.socket.close();
    await second.socket.closed;
  });

  it("of a protocol error: the outcome and the close code, never the frame", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-protocol");
    const { socket } = await join(roomId);
    socket.send("this is not JSON");
    expect(await socket.closed).toEqual({ code: 1000, reason: "protocol error: malformed frame" });
    const [point] = await metrics.ofRoom(roomId, 1);
    expect(point).toEqual({ ...base(roomId), outcome: "protocolError", closeCode: "1000", accepted: "true" });
    expect(JSON.stringify(metrics.points)).not.toContain("this is not JSON");
  });

  it("of a standalone client whose signaling ended with connected", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-standalone");
    const { socket } = await join(roomId, { standalone: true });
    socket.send({ type: "connected" });
    expect(await socket.closed).toEqual({ code: 1000, reason: "standalone connected" });
    const [point] = await metrics.ofRoom(roomId, 1);
    expect(point).toEqual({
      ...base(roomId),
      outcome: "ended",
      closeCode: "1000",
      accepted: "true",
      standalone: "true",
    });
  });

  it("names the client as it names itself (Momo: ayameClient and libwebrtc)", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-momo");
    const { socket } = await join(roomId, { ...MOMO_CLIENT_INFO });
    socket.close();
    const [point] = await metrics.ofRoom(roomId, 1);
    expect(point).toMatchObject({
      ayameClient: MOMO_CLIENT_INFO.ayameClient,
      libwebrtc: MOMO_CLIENT_INFO.libwebrtc,
      outcome: "closedByClient",
    });
  });

  it("carries the same facts as the connection's summary line", async () => {
    metrics = installMetricsDataset();
    logs = captureLogLines();
    const roomId = uniqueRoomId("metrics-summary");
    const { socket } = await join(roomId, { ...MOMO_CLIENT_INFO });
    socket.close(4000, "bye now");
    const point = defined((await metrics.ofRoom(roomId, 1))[0], "the room's data point");
    const summary = logs.lines().find((line) => line.event === "connection" && line.roomId === roomId);
    expect(summary).toMatchObject({
      outcome: point.outcome,
      closeCode: Number(point.closeCode),
      closedBy: point.closedBy,
      accepted: point.accepted === "true",
      routing: point.routing,
      ayameClient: point.ayameClient,
      libwebrtc: point.libwebrtc,
      registerToAcceptMs: point.registerToAcceptMs,
      lifetimeMs: point.lifetimeMs,
    });
  });
});
