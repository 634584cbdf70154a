// The register deadline of a bare-URL socket, enforced by the Worker's router (worker-timers-register-routing:
// REGISTER_TIMEOUT_SEC 4, read timeout 1.5 s, ping 0.3 s). A pong keeps the read deadline fresh, never the
// register deadline.
import { describe, expect, it } from "vitest";
import { connect, uniqueRoomId } from "../../support/workerSocket";
import { answerPings, isPing, keepSending, stillOpenAfter } from "../../worker-timers/timerClient";

describe("REGISTER_TIMEOUT_SEC", () => {
  it("closes a socket that keeps sending pongs but never registers with 1000, sending nothing", async () => {
    const socket = await connect(uniqueRoomId("register-deadline"));
    keepSending(socket, { type: "pong" });
    // Past the read timeout: the pongs keep the socket open that long.
    expect(await stillOpenAfter(socket, 2000)).toBe(true);
    expect(await socket.closed).toEqual({ code: 1000, reason: "register timeout" });
    expect(socket.frames).toEqual([]);
  });

  it("never closes a socket that registered in time, however long it stays", async () => {
    const roomId = uniqueRoomId("registered-in-time");
    const socket = await connect(roomId);
    socket.send({ type: "register", roomId });
    expect((await socket.next()).type).toBe("accept");
    answerPings(socket);
    expect(await stillOpenAfter(socket, 5000)).toBe(true);
    expect(socket.frames.slice(1).every((frame) => isPing(JSON.parse(frame)))).toBe(true);
    socket.close();
  });
});
