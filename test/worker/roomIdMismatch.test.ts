// A `register` that names another room than the upgrade's URL. Only a client that names its room in the URL
// can disagree with it, so the register-routed project leaves this file out (vitest.config.ts).
import { describe, expect, it } from "vitest";
import { connect, join, uniqueRoomId } from "../support/workerSocket";
import { expectNewPairWorks, expectStillPaired } from "./roomPair";

describe("a register naming another room than the URL", () => {
  it("is closed with 1008 and sent nothing", async () => {
    const roomId = uniqueRoomId();
    const socket = await connect(roomId);
    socket.send({ type: "register", roomId: `${roomId}-other` });
    expect(await socket.closed).toEqual({ code: 1008, reason: "roomId does not match" });
    expect(socket.frames).toEqual([]);
  });

  it("takes no slot: two clients can still fill the room", async () => {
    const roomId = uniqueRoomId();
    const stray = await connect(roomId);
    stray.send({ type: "register", roomId: "elsewhere" });
    await stray.closed;
    const first = await join(roomId);
    const second = await join(roomId);
    expect(first.accept.isExistUser).toBe(false);
    expect(second.accept.isExistUser).toBe(true);
  });

  it("closes late without evicting the occupants who came meanwhile", async () => {
    const roomId = uniqueRoomId();
    const stray = await connect(roomId, { halfOpen: true });
    stray.send({ type: "register", roomId: "elsewhere", clientId: "same" });
    expect((await stray.closed).code).toBe(1008);
    const fresh = await expectNewPairWorks(roomId, ["same", "other"]);
    stray.close();
    await expectStillPaired(fresh.first, fresh.second, roomId);
  });
});
