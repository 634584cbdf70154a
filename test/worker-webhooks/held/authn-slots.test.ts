// Authentication and the room's two slots: who takes a slot when, and what happens to frames and closes
// that arrive while the webhook is in flight. Held answers (`hold: true`) make the interleavings exact; this
// project's 30 s webhook timeout guarantees that a held answer really reaches the object (`delivered`).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AUTHN_PATH, DISCONNECT_PATH, release, requests, scriptAuthn } from "../../support/webhookControl";
import { uniqueRoomId, upgrade } from "../../support/workerSocket";
import { captureLogLines, expectClosedSilently, expectRejected, outcomeOf, register } from "../registering";

/** The client whose allow arrives too late to matter. */
const LATE = "late";
const HELD_ALLOW = { status: 200, json: { allowed: true }, hold: true } as const;

let capture: ReturnType<typeof captureLogLines>;
beforeEach(() => {
  capture = captureLogLines();
});
afterEach(() => capture.restore());

/**
 * Waits until the object has read the authentication answer for `clientId` (its log line is written just
 * before the answer becomes a machine event), so that whatever the test does next comes after it.
 */
async function answerReadFor(roomId: string, clientId: string): Promise<void> {
  await vi.waitFor(() =>
    expect(
      capture
        .lines()
        .some(
          (line) =>
            line.event === "webhook" &&
            line.webhook === "authn" &&
            line.roomId === roomId &&
            line.clientId === clientId,
        ),
    ).toBe(true),
  );
}

/** Two fresh clients can join the room: the first alone, the second with isExistUser true. */
async function expectRoomAdmitsTwo(roomId: string): Promise<void> {
  const first = await register(roomId, { clientId: "later-1" });
  expect(await outcomeOf(first)).toMatchObject({ type: "accept", isExistUser: false });
  const second = await register(roomId, { clientId: "later-2" });
  expect(await outcomeOf(second)).toMatchObject({ type: "accept", isExistUser: true });
  second.send('{"type":"offer","sdp":"proof"}');
  expect(await first.next((frame) => frame.type === "offer")).toEqual({ type: "offer", sdp: "proof" });
  first.close();
  second.close();
}

describe("authentication comes before a slot is taken", () => {
  it("a denied client never occupies the room: two clients join after it", async () => {
    const roomId = uniqueRoomId("authn-slot-denied");
    await scriptAuthn(roomId, { status: 200, json: { allowed: false, reason: "go away" } }, { clientId: "denied" });
    await expectRejected(await register(roomId, { clientId: "denied" }), "go away");
    await expectRoomAdmitsTwo(roomId);
  });

  it("a failed authentication never occupies the room: two clients join after it", async () => {
    const roomId = uniqueRoomId("authn-slot-failed");
    await scriptAuthn(roomId, { status: 500, raw: "boom" }, { clientId: "failed" });
    await expectRejected(await register(roomId, { clientId: "failed" }), "InternalServerError");
    await expectRoomAdmitsTwo(roomId);
  });

  it("a client still authenticating holds no slot while others join", async () => {
    const roomId = uniqueRoomId("authn-slot-pending");
    await scriptAuthn(
      roomId,
      { status: 200, json: { allowed: false, reason: "late no" }, hold: true },
      { clientId: "pending" },
    );
    const first = await register(roomId, { clientId: "first" });
    expect(await outcomeOf(first)).toMatchObject({ type: "accept", isExistUser: false });
    const pending = await register(roomId, { clientId: "pending" });
    await requests(roomId, { path: AUTHN_PATH, count: 2 });
    const second = await register(roomId, { clientId: "second" });
    expect(await outcomeOf(second)).toMatchObject({ type: "accept", isExistUser: true });
    expect(await release(roomId)).toEqual({ released: 1, delivered: 1 });
    await expectRejected(pending, "late no");
  });
});

describe("concurrency", () => {
  it("two clients allowed at once for the last free slot: exactly one accept, one reject full", async () => {
    const roomId = uniqueRoomId("authn-race");
    const first = await register(roomId, { clientId: "first" });
    expect(await outcomeOf(first)).toMatchObject({ type: "accept", isExistUser: false });
    await scriptAuthn(roomId, HELD_ALLOW);
    const b = await register(roomId, { clientId: "b" });
    const c = await register(roomId, { clientId: "c" });
    expect(await requests(roomId, { path: AUTHN_PATH, count: 3 })).toHaveLength(3);
    expect(await release(roomId)).toEqual({ released: 2, delivered: 2 });

    const outcomeOfB = await outcomeOf(b);
    const outcomes = [outcomeOfB, await outcomeOf(c)];
    const accepted = outcomes.filter((frame) => frame.type === "accept");
    const rejected = outcomes.filter((frame) => frame.type === "reject");
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ isExistUser: true });
    expect(rejected).toEqual([{ type: "reject", reason: "full" }]);
    const loser = outcomeOfB.type === "reject" ? b : c;
    expect((await loser.closed).code).toBe(1000);
  });

  it("a socket that closes while its webhook is in flight takes no slot, and its late allow is ignored", async () => {
    const roomId = uniqueRoomId("authn-gone");
    await scriptAuthn(roomId, HELD_ALLOW, { clientId: LATE });
    const gone = await register(roomId, { clientId: LATE });
    await requests(roomId, { path: AUTHN_PATH, count: 1 });
    gone.close(1000, "bye");
    // The disconnect webhook proves the object has handled the close before the allow arrives.
    const [disconnect] = await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
    expect(disconnect?.body).toMatchObject({ clientId: LATE });
    expect(await release(roomId)).toEqual({ released: 1, delivered: 1 });
    await answerReadFor(roomId, LATE);
    await expectRoomAdmitsTwo(roomId);
  });
});

describe("frames while authenticating", () => {
  it("a second register is a protocol error: close 1000, no reject, and the late allow is ignored", async () => {
    const roomId = uniqueRoomId("authn-register-twice");
    await scriptAuthn(roomId, HELD_ALLOW, { clientId: LATE });
    const socket = await register(roomId, { clientId: LATE });
    await requests(roomId, { path: AUTHN_PATH, count: 1 });
    socket.send({ type: "register", roomId, clientId: LATE });
    await expectClosedSilently(socket);
    expect(await requests(roomId, { path: AUTHN_PATH })).toHaveLength(1);
    expect(await release(roomId)).toEqual({ released: 1, delivered: 1 });
    await answerReadFor(roomId, LATE);
    await expectRoomAdmitsTwo(roomId);
  });

  it.each([
    ["offer", '{"type":"offer","sdp":"early"}'],
    ["answer", '{"type":"answer","sdp":"early"}'],
    ["candidate", '{"type":"candidate","ice":{"candidate":"early"}}'],
  ])("%s before accept is a protocol error: close 1000, no reject", async (_type, frame) => {
    const roomId = uniqueRoomId("authn-early-relay");
    await scriptAuthn(roomId, HELD_ALLOW, { clientId: LATE });
    const socket = await register(roomId, { clientId: LATE });
    await requests(roomId, { path: AUTHN_PATH, count: 1 });
    socket.send(frame);
    await expectClosedSilently(socket);
    expect(await release(roomId)).toEqual({ released: 1, delivered: 1 });
    await answerReadFor(roomId, LATE);
    await expectRoomAdmitsTwo(roomId);
  });

  it("a pong while authenticating is tolerated: the client is accepted when the webhook allows", async () => {
    const roomId = uniqueRoomId("authn-pong");
    await scriptAuthn(roomId, HELD_ALLOW, { clientId: "patient" });
    const socket = await register(roomId, { clientId: "patient" });
    await requests(roomId, { path: AUTHN_PATH, count: 1 });
    socket.send({ type: "pong" });
    expect(await release(roomId)).toEqual({ released: 1, delivered: 1 });
    expect(await outcomeOf(socket)).toMatchObject({ type: "accept", isExistUser: false });
    socket.close();
  });
});

describe("a flood of registers into one room", () => {
  it("holds at most MAX_SOCKETS_PER_ROOM authentication calls in flight: the next upgrade is refused with 429", async () => {
    const roomId = uniqueRoomId("authn-flood");
    await scriptAuthn(roomId, HELD_ALLOW);
    // The default cap (100): sockets waiting for their webhook are registered and never displaced.
    const sockets = [];
    for (let i = 0; i < 100; i++) sockets.push(await register(roomId, { clientId: `flood-${i}` }));
    expect(await requests(roomId, { path: AUTHN_PATH, count: 100 })).toHaveLength(100);
    const refused = await upgrade(roomId);
    expect(refused.status).toBe(429);
    expect(await requests(roomId, { path: AUTHN_PATH })).toHaveLength(100);
    for (const socket of sockets) socket.close();
    await release(roomId);
  });
});
