// Data points that only URL routing has: sockets that never registered (with stock URLs such a socket never
// reaches a room, writes no data point and logs no summary line, only `router.closing`), and a client that claims
// the register router's header. The room's clock drives the deadline.

import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { ROUTING_HEADER } from "../../../src/room/RoomDurableObject";
import { defined } from "../../support/defined";
import { installMetricsDataset, type MetricsDouble } from "../../support/metricsDataset";
import { alarmAt, roomStub } from "../../support/roomClock";
import { connect, join, uniqueRoomId } from "../../support/workerSocket";

let metrics: MetricsDouble | undefined;
afterEach(() => metrics?.remove());

const unregistered = (roomId: string) => ({
  index: roomId,
  roomId,
  routing: "url",
  closedBy: "server",
  accepted: "false",
  rejectReason: "",
  authn: "",
  turn: "",
  ayameClient: "",
  libwebrtc: "",
  standalone: "false",
  approximate: "false",
  version: env.CF_VERSION_METADATA.id,
  registerToAcceptMs: 0,
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

describe("the data point of a socket that never registered", () => {
  it("says timeout when the register deadline passed", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-register-timeout");
    const socket = await connect(roomId);
    await alarmAt(roomStub(roomId), Date.now() + 60_000);
    expect(await socket.closed).toEqual({ code: 1000, reason: "register timeout" });
    const [point] = await metrics.ofRoom(roomId, 1);
    expect(point).toEqual({ ...unregistered(roomId), outcome: "timeout", closeCode: "1000" });
  });

  it("says displaced when a new socket took its place at the room's socket cap (3 here)", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-displaced");
    const oldest = await connect(roomId);
    const sockets = [oldest, await connect(roomId), await connect(roomId)];
    const newcomer = await connect(roomId);
    expect(await oldest.closed).toEqual({ code: 1013, reason: "room busy" });
    const [point] = await metrics.ofRoom(roomId, 1);
    expect(point).toEqual({ ...unregistered(roomId), outcome: "displaced", closeCode: "1013" });
    for (const socket of [...sockets.slice(1), newcomer]) socket.close();
  });
});

describe("the data point of an internal error", () => {
  it("says internalError and 1011 when the socket's state could not be persisted", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-internal");
    const first = await join(roomId);
    await runInDurableObject(roomStub(roomId), (_instance, state) => {
      // What a write over 16 KiB does: https://developers.cloudflare.com/durable-objects/api/websockets/#serializeattachment
      Object.assign(defined(state.getWebSockets()[0], "the first socket"), {
        serializeAttachment: () => {
          throw new Error("attachment too large");
        },
      });
    });
    const second = await join(roomId);
    expect(await first.socket.closed).toEqual({ code: 1011, reason: "internal error" });
    expect(await second.socket.closed).toEqual({ code: 1000, reason: "peer left" });
    const points = await metrics.ofRoom(roomId, 2);
    expect(points).toContainEqual(
      expect.objectContaining({ outcome: "internalError", closeCode: "1011", closedBy: "server", accepted: "true" }),
    );
  });
});

describe("the routing of a data point", () => {
  it("is the Worker's, whatever header a client sends", async () => {
    metrics = installMetricsDataset();
    const roomId = uniqueRoomId("metrics-spoofed-routing");
    const { socket } = await join(roomId, {}, { headers: { [ROUTING_HEADER]: "register" } });
    socket.close();
    const [point] = await metrics.ofRoom(roomId, 1);
    expect(point).toMatchObject({ routing: "url", outcome: "closedByClient" });
  });
});
