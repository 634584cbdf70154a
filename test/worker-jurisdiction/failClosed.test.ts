// ROOM_JURISDICTION=eu, set as for production, in a runtime without jurisdictions (local workerd, as under
// `npm run dev`): no socket reaches a room. The Worker answers 500 naming the variable; an object reached some
// other way, whose id is outside the jurisdiction (ctx.id.jurisdiction), refuses the socket itself.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { ROOM_ID_HEADER } from "../../src/room/RoomDurableObject";
import { captureLogLines } from "../support/logLines";
import { uniqueRoomId, upgrade } from "../support/workerSocket";
import { workerWith } from "../support/workerWith";

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => logs?.restore());

const roomObject = (roomId: string) => env.ROOMS_DO.get(env.ROOMS_DO.idFromName(roomId));

describe("ROOM_JURISDICTION where the runtime has no jurisdictions", () => {
  it.each([
    ["routed by its URL", exports.default, (roomId: string) => `?roomId=${roomId}`],
    ["routed by its register frame", workerWith({ ...env, ROOM_ID_FROM_REGISTER: "true" }), () => ""],
  ])("answers a socket %s with 500 naming the variable", async (_, fetcher, query) => {
    const roomId = uniqueRoomId("fail-closed");
    const response = await upgrade(roomId, { fetcher, query: query(roomId) });
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(
      /^Invalid configuration: ROOM_JURISDICTION cannot be honoured by this runtime/,
    );
    expect(await runInDurableObject(roomObject(roomId), (_i, state) => state.getWebSockets().length)).toBe(0);
  });

  it("keeps /.ok at 200", async () => {
    expect((await exports.default.fetch("http://ayame.test/.ok")).status).toBe(200);
  });

  it("has a room's object outside the jurisdiction refuse a socket that reached it another way", async () => {
    logs = captureLogLines();
    const roomId = uniqueRoomId("outside");
    const response = await roomObject(roomId).fetch("http://ayame.test/signaling", {
      headers: { upgrade: "websocket", [ROOM_ID_HEADER]: roomId },
    });
    expect(response.status).toBe(500);
    expect(response.webSocket).toBeNull();
    expect(await response.text()).toBe("Invalid configuration: this room is outside ROOM_JURISDICTION");
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: "error", event: "config.invalid", variable: "ROOM_JURISDICTION" }),
    );
    expect(await runInDurableObject(roomObject(roomId), (_i, state) => state.getWebSockets().length)).toBe(0);
  });
});
