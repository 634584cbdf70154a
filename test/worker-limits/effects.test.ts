// Effects are isolated: one that throws is logged with its action's name, and the effects after it in the
// same step still run (a failed `bye` must never keep the survivor in the room).
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogLines } from "../support/logLines";
import { roomStub } from "../support/roomClock";
import { join, uniqueRoomId } from "../support/workerSocket";

let capture: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => capture?.restore());

describe("a throwing effect", () => {
  it("is logged with its name, and the close and the room's release after it still happen", async () => {
    const roomId = uniqueRoomId("effect-throws");
    const a = await join(roomId);
    const b = await join(roomId);
    capture = captureLogLines();
    await runInDurableObject(roomStub(roomId), (instance: object) => {
      // The room's effect table, reached from outside: sendBye now throws for everyone.
      const effects = (instance as { room: { interpreter: { deps: { effects: Record<string, unknown> } } } }).room
        .interpreter.deps.effects;
      effects.sendBye = () => {
        throw new Error("sabotaged");
      };
    });
    a.socket.close();
    expect(await b.socket.closed).toEqual({ code: 1000, reason: "peer left" });
    expect(b.socket.frames.some((frame) => frame.includes('"bye"'))).toBe(false);
    expect(capture.lines()).toContainEqual(
      expect.objectContaining({ level: "error", event: "effect.error", action: "sendBye" }),
    );
    // leaveRoom ran after the failed sendBye: the room takes a new pair.
    const c = await join(roomId);
    const d = await join(roomId);
    expect([c.accept.isExistUser, d.accept.isExistUser]).toEqual([false, true]);
    c.socket.close();
    await d.socket.closed;
  });
});
