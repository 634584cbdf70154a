// What an inspector hears: the room and every connection as actors, then, for every event a machine takes,
// `@xstate.event` and the new `@xstate.snapshot`, in the order the room took them — also after the room
// hibernated — and never a secret. (INSPECT_TOKEN, the authentication webhook, TURN and a copied header are
// on in this project: vitest.config.ts.)
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { roomStub } from "../support/roomClock";
import { TURN_TEST_TOKEN } from "../support/turnScenarios";
import { scriptAuthn } from "../support/webhookControl";
import { join, notPing, uniqueRoomId } from "../support/workerSocket";
import { type InspectionFrame, inspect, summary } from "./inspectorClient";

/** The stream without heartbeats, whose timing is the real clock's. */
const story = (frames: InspectionFrame[]) =>
  frames
    .filter((f) => !["PING_DUE", "PONG"].includes((f.event as { type?: string } | undefined)?.type ?? ""))
    .map(summary);

const ACCEPTED = { active: { accepted: { pinged: "waiting" } } };
const PAIRED = { active: { accepted: { pinged: "paired" } } };

describe("the inspection stream", () => {
  it("starts with the room and every live connection as actors, each with its machine's definition", async () => {
    const roomId = uniqueRoomId("actors");
    const a = await join(roomId);
    const inspector = await inspect(roomId);
    const [room, connection] = await inspector.received(2);
    expect(room).toMatchObject({
      type: "@xstate.actor",
      sessionId: "room",
      name: "room",
      rootId: "room",
      snapshot: { value: "waiting" },
    });
    expect(JSON.parse(room?.definition as string)).toMatchObject({ id: "room", initial: "empty" });
    expect(connection).toMatchObject({
      type: "@xstate.actor",
      sessionId: a.accept.connectionId,
      name: "connection",
      parentId: "room",
      snapshot: { status: "active", value: ACCEPTED, context: { connectionId: a.accept.connectionId, roomId } },
    });
    expect(JSON.parse(connection?.definition as string)).toMatchObject({ id: "connection", initial: "active" });
    for (const field of ["_version", "createdAt", "rootId"]) expect(connection).toHaveProperty(field);
  });

  it("tells a whole session in order: register, accept, relay, bye, close", async () => {
    const roomId = uniqueRoomId("session");
    const inspector = await inspect(roomId);
    const a = await join(roomId);
    const b = await join(roomId);
    b.socket.send({ type: "offer", sdp: "v=0" });
    await a.socket.next(notPing);
    a.socket.close(1000, "done");
    await b.socket.closed;
    await inspector.until(
      (f) => f.sessionId === b.accept.connectionId && (f.snapshot as { status?: string })?.status === "done",
    );
    expect(story(inspector.frames)).toEqual([
      'room actor "empty"',
      'conn actor {"active":"awaitingRegister"}',
      "conn event REGISTER",
      'conn snapshot {"active":"authenticating"}',
      "conn event AUTHN_ALLOWED",
      'conn snapshot {"active":"fetchingTurn"}',
      "conn event TURN_ISSUED",
      'conn snapshot {"active":"joining"}',
      "room event JOIN from conn",
      'room snapshot "waiting"',
      "conn event SLOT_GRANTED from room",
      `conn snapshot ${JSON.stringify(ACCEPTED)}`,
      'conn actor {"active":"awaitingRegister"}',
      "conn event REGISTER",
      'conn snapshot {"active":"authenticating"}',
      "conn event AUTHN_ALLOWED",
      'conn snapshot {"active":"fetchingTurn"}',
      "conn event TURN_ISSUED",
      'conn snapshot {"active":"joining"}',
      "room event JOIN from conn",
      'room snapshot "paired"',
      "conn event SLOT_GRANTED from room",
      `conn snapshot ${JSON.stringify(PAIRED)}`,
      "conn event PEER_JOINED from room",
      `conn snapshot ${JSON.stringify(PAIRED)}`,
      "conn event RELAY",
      `conn snapshot ${JSON.stringify(PAIRED)}`,
      "conn event SOCKET_CLOSED",
      'conn snapshot "closed" done',
      "room event LEAVE from conn",
      'room snapshot "empty"',
      "conn event PEER_LEFT from room",
      'conn snapshot "tearingDown"',
      // The survivor leaves too: the room, empty already, takes the event and stays as it is.
      "room event LEAVE from conn",
      'room snapshot "empty"',
      "conn event SOCKET_CLOSED",
      'conn snapshot "closed" done',
    ]);
    const sessions = inspector.frames
      .filter((f) => f.type === "@xstate.actor" && f.sessionId !== "room")
      .map((f) => f.sessionId);
    expect(sessions).toEqual([a.accept.connectionId, b.accept.connectionId]);
    const relay = inspector.frames.find((f) => (f.event as { type?: string })?.type === "RELAY");
    expect(relay?.event).toEqual({
      type: "RELAY",
      at: expect.any(Number),
      frameType: "offer",
      bytes: '{"type":"offer","sdp":"v=0"}'.length,
    });
  });

  it("goes on after the room hibernated: the events that wake it, and what they settle, reach the inspector", async () => {
    const roomId = uniqueRoomId("asleep");
    const inspector = await inspect(roomId);
    const a = await join(roomId);
    const b = await join(roomId);
    await evictDurableObject(roomStub(roomId), { webSockets: "hibernate" });
    const before = inspector.frames.length;
    b.socket.send({ type: "answer", sdp: "v=0" });
    await a.socket.next(notPing);
    await evictDurableObject(roomStub(roomId), { webSockets: "hibernate" });
    a.socket.close(1000, "done");
    await b.socket.closed;
    await inspector.until(
      (f) => f.sessionId === b.accept.connectionId && (f.snapshot as { status?: string })?.status === "done",
    );
    expect(story(inspector.frames.slice(before))).toEqual([
      "conn event RELAY",
      `conn snapshot ${JSON.stringify(PAIRED)}`,
      // The close woke the object: the wake-up's settling puts the leaver back and makes it leave (no source),
      // the room releases the survivor, and only then is the leaver's own close taken.
      "room event LEAVE",
      'room snapshot "empty"',
      "conn event PEER_LEFT from room",
      'conn snapshot "tearingDown"',
      "room event LEAVE from conn",
      'room snapshot "empty"',
      "conn event SOCKET_CLOSED",
      'conn snapshot "closed" done',
      "room event LEAVE from conn",
      'room snapshot "empty"',
      "conn event SOCKET_CLOSED",
      'conn snapshot "closed" done',
    ]);
  });

  it("never carries a signaling key, metadata, an ICE credential, a copied header, a TURN token or a relayed payload", async () => {
    const roomId = uniqueRoomId("secrets");
    const markers = [
      "MARKER-SIGNALING-KEY",
      "MARKER-KEY",
      "MARKER-AUTHN-METADATA",
      "MARKER-AUTHZ",
      "MARKER-USERNAME",
      "MARKER-CREDENTIAL",
      "MARKER-HEADER",
      "MARKER-SDP",
      "MARKER-CANDIDATE",
      TURN_TEST_TOKEN,
    ];
    await scriptAuthn(
      roomId,
      {
        status: 200,
        json: {
          allowed: true,
          iceServers: [
            { urls: ["turn:turn.example.com:3478"], username: "MARKER-USERNAME", credential: "MARKER-CREDENTIAL" },
          ],
          authzMetadata: { note: "MARKER-AUTHZ" },
        },
      },
      { times: 1 },
    );
    const inspector = await inspect(roomId);
    const register = {
      signalingKey: "MARKER-SIGNALING-KEY",
      key: "MARKER-KEY",
      authnMetadata: { token: "MARKER-AUTHN-METADATA" },
    };
    const a = await join(roomId, register, { headers: { "x-secret-header": "MARKER-HEADER" } });
    // The second client gets no iceServers from the webhook: TURN issues it credentials of its own.
    const b = await join(roomId, register, { headers: { "x-secret-header": "MARKER-HEADER" } });
    expect(JSON.stringify(a.accept)).toContain("MARKER-CREDENTIAL");
    expect(JSON.stringify(b.accept)).toContain("credential");
    a.socket.send({ type: "offer", sdp: "MARKER-SDP" });
    b.socket.send({ type: "candidate", ice: { candidate: "MARKER-CANDIDATE" } });
    await b.socket.next(notPing);
    await a.socket.next(notPing);
    a.socket.close();
    await b.socket.closed;
    await inspector.until(
      (f) => f.sessionId === b.accept.connectionId && (f.snapshot as { status?: string })?.status === "done",
    );
    const everything = inspector.texts.join("\n");
    for (const marker of markers) expect(everything, marker).not.toContain(marker);
    expect(everything).not.toMatch(/"(username|credential|signalingKey|key|authnMetadata|authzMetadata|raw)":/);
    expect(everything).toContain("turn:turn.example.com:3478");
  });
});
