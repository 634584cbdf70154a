// What a deploy that changes the attachment does to live sockets (CHANGELOG.md): a socket whose attachment the
// previous version wrote is closed with 1012 "service restart" when its room wakes up under the new code, and
// the room takes its clients again when they reconnect (other unusable attachments: faults.test.ts).
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogLines } from "../support/logLines";
import { roomStub } from "../support/roomClock";
import { join, uniqueRoomId } from "../support/workerSocket";

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => logs?.restore());

/** What a rewrite reads of an attachment: its context's fields; the rest it passes on untouched. */
type WrittenAttachment = { context: Record<string, unknown> };

/** Rewrites both sockets' attachments as `rewrite` says, then lets the object hibernate. */
async function rewriteAttachments(roomId: string, rewrite: (attachment: WrittenAttachment) => unknown): Promise<void> {
  const stub = roomStub(roomId);
  await runInDurableObject(stub, (_instance, state) => {
    for (const ws of state.getWebSockets())
      ws.serializeAttachment(rewrite(ws.deserializeAttachment() as WrittenAttachment));
  });
  await evictDurableObject(stub, { webSockets: "hibernate" });
}

describe("attachments across a deploy", () => {
  it("of the previous version (2, without routing and client names) close both peers with 1012, and they can rejoin", async () => {
    logs = captureLogLines();
    const roomId = uniqueRoomId("attachment-v2");
    const a = await join(roomId);
    const b = await join(roomId);
    await rewriteAttachments(
      roomId,
      ({ context: { routing: _r, ayameClient: _a, libwebrtc: _l, ...context }, ...attachment }) => ({
        ...attachment,
        context,
        v: 2,
      }),
    );
    a.socket.send({ type: "pong" });
    expect(await a.socket.closed).toEqual({ code: 1012, reason: "service restart" });
    expect(await b.socket.closed).toEqual({ code: 1012, reason: "service restart" });
    expect(
      logs
        .lines()
        .filter((line) => line.event === "connection.unrestorable")
        .map((line) => line.problem),
    ).toEqual(["attachment version 2", "attachment version 2"]);
    const first = await join(roomId);
    const second = await join(roomId);
    expect([first, second].map(({ accept }) => accept.isExistUser)).toEqual([false, true]);
    first.socket.close();
    await second.socket.closed;
  });
});
