// Stock signaling URLs (ROOM_ID_FROM_REGISTER=true): what the Worker's register router adds to the rules the
// shared suites check both ways — routing by `register`, the hop's close codes and its failure modes.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { connect, join, notPing, uniqueRoomId } from "../support/workerSocket";
import { captureLogLines } from "../worker-webhooks/registering";

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => {
  logs?.restore();
  logs = undefined;
});

function linesOf(event: string, roomId?: string): Array<Record<string, unknown>> {
  return (logs?.lines() ?? []).filter(
    (line) => line.event === event && (roomId === undefined || line.roomId === roomId),
  );
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe("routing by register", () => {
  it("puts two bare-URL clients with the same roomId into one room, and others apart", async () => {
    logs = captureLogLines();
    const roomId = uniqueRoomId("bare");
    const first = await join(roomId);
    const second = await join(roomId);
    const elsewhere = await join(uniqueRoomId("bare-other"));
    expect([first.accept.isExistUser, second.accept.isExistUser, elsewhere.accept.isExistUser]).toEqual([
      false,
      true,
      false,
    ]);
    second.socket.send('{"type":"offer","sdp":"x"}');
    expect(await first.socket.nextText(notPing)).toBe('{"type":"offer","sdp":"x"}');
    expect(linesOf("router.routed", roomId)).toHaveLength(2);
  });

  it("still routes an upgrade that names its room by the URL, without the router, into the same room", async () => {
    logs = captureLogLines();
    const roomId = uniqueRoomId("mixed");
    const bare = await join(roomId);
    const named = await join(roomId, {}, { query: `?roomId=${roomId}` });
    const byHeader = await connect(roomId, { headers: { "CF-Room-Id": roomId } });
    byHeader.send({ type: "register", roomId });
    expect(await byHeader.next(notPing)).toEqual({ type: "reject", reason: "full" });
    expect(named.accept.isExistUser).toBe(true);
    named.socket.send('{"type":"answer","sdp":"y"}');
    expect(await bare.socket.nextText(notPing)).toBe('{"type":"answer","sdp":"y"}');
    expect(linesOf("router.routed", roomId)).toHaveLength(1);
  });

  it.each([
    ["a control character", "room\u0001x"],
    ["a leading space", " room"],
    ["a trailing no-break space", "room\u00a0"],
  ])(
    "closes a register whose roomId has %s as a protocol error (1000), routes it nowhere, logs no error",
    async (_, roomId) => {
      logs = captureLogLines();
      const socket = await connect("unused");
      socket.send({ type: "register", roomId });
      expect(await socket.closed).toEqual({ code: 1000, reason: "protocol error: malformed frame" });
      expect(socket.frames).toEqual([]);
      expect(linesOf("router.routed")).toEqual([]);
      expect(logs.lines().filter((line) => line.level === "error")).toEqual([]);
      expect(linesOf("router.closing")).toEqual([
        expect.objectContaining({
          level: "warn",
          outcome: "protocolError",
          problem: expect.stringMatching(/^register\.roomId: /),
        }),
      ]);
    },
  );

  it("closes a register whose roomId is longer than 255 bytes with 1000, sending nothing", async () => {
    const socket = await connect("unused");
    socket.send({ type: "register", roomId: "r".repeat(256) });
    expect((await socket.closed).code).toBe(1000);
    expect(socket.frames).toEqual([]);
  });
});

describe("close codes across the hop", () => {
  it("carries the client's close code and reason to the room", async () => {
    logs = captureLogLines();
    const roomId = uniqueRoomId("client-close");
    const { socket } = await join(roomId);
    socket.close(4321, "client says bye");
    await until(() => linesOf("connection", roomId).length > 0);
    expect(linesOf("connection", roomId)).toEqual([
      expect.objectContaining({ closeCode: 4321, closeReason: "client says bye", closedBy: "client" }),
    ]);
  });

  it("carries a close without a code as one without a code (1005)", async () => {
    logs = captureLogLines();
    const roomId = uniqueRoomId("no-code");
    const { socket } = await join(roomId);
    socket.ws.close();
    await until(() => linesOf("connection", roomId).length > 0);
    expect(linesOf("connection", roomId)).toEqual([expect.objectContaining({ closeCode: 1005 })]);
  });

  it("carries the room's close code and reason to the client", async () => {
    const roomId = uniqueRoomId("room-close");
    await join(roomId);
    const second = await join(roomId);
    second.socket.send("x".repeat(1024 * 1024 + 1));
    expect(await second.socket.closed).toEqual({ code: 1009, reason: "frame too large" });
  });

  it("delivers frames sent right behind register, and a close right behind them, in order", async () => {
    logs = captureLogLines();
    const roomId = uniqueRoomId("queued");
    const socket = await connect(roomId);
    socket.send({ type: "register", roomId, clientId: "eager" });
    socket.send({ type: "pong" });
    socket.close(4002, "changed my mind");
    await until(() => linesOf("connection", roomId).length > 0);
    // The register came first (the connection was accepted, under its clientId), then the pong, then the close.
    expect(linesOf("connection", roomId)).toEqual([
      expect.objectContaining({
        clientId: "eager",
        accepted: true,
        pongs: 1,
        closeCode: 4002,
        closeReason: "changed my mind",
      }),
    ]);
  });

  it("closes the client with 1011 when the room's socket is lost", async () => {
    const roomId = uniqueRoomId("room-lost");
    const { socket } = await join(roomId);
    const stub = env.ROOMS_DO.get(env.ROOMS_DO.idFromName(roomId));
    // Resets the object: its sockets are dropped without a Close frame.
    await runInDurableObject(stub, (_instance, state) => state.abort("test")).catch(() => {});
    expect((await socket.closed).code).toBe(1011);
  });
});
