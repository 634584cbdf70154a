// Who may open /inspect, and what an inspector is not: a slot, a socket the cap counts, a room id that breaks
// the rules. This project runs with INSPECT_TOKEN set and MAX_SOCKETS_PER_ROOM=3 (vitest.config.ts).
import { describe, expect, it } from "vitest";
import { connect, join, uniqueRoomId } from "../support/workerSocket";
import { inspect, inspectUpgrade, TOKEN } from "./inspectorClient";

describe("the token", () => {
  it("is required: an upgrade without one gets 401 before any upgrade", async () => {
    const response = await inspectUpgrade(`?roomId=${uniqueRoomId()}`);
    expect(response.status).toBe(401);
    expect(response.webSocket).toBeNull();
  });

  it.each([
    ["a wrong bearer token", { authorization: `Bearer ${TOKEN}x` }],
    ["a prefix of the token", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["a wrong token as a subprotocol", { "sec-websocket-protocol": `ayame-inspect, bearer.${TOKEN.toUpperCase()}` }],
    ["the token in another scheme", { authorization: `Basic ${TOKEN}` }],
  ])("is refused with 401 when it is %s", async (_, headers) => {
    const response = await inspectUpgrade(`?roomId=${uniqueRoomId()}`, headers);
    expect(response.status).toBe(401);
  });

  it("is taken as Authorization: Bearer, and the room is the first thing the inspector hears of", async () => {
    const inspector = await inspect(uniqueRoomId("bearer"));
    const [first] = await inspector.received(1);
    expect(first).toMatchObject({
      type: "@xstate.actor",
      sessionId: "room",
      name: "room",
      snapshot: { status: "active", value: "empty" },
    });
  });

  it("is taken as the subprotocol pair, and the answer names ayame-inspect alone", async () => {
    const response = await inspectUpgrade(`?roomId=${uniqueRoomId("protocol")}`, {
      "sec-websocket-protocol": `ayame-inspect, bearer.${TOKEN}`,
    });
    expect(response.status).toBe(101);
    expect(response.headers.get("sec-websocket-protocol")).toBe("ayame-inspect");
    response.webSocket?.accept();
    response.webSocket?.close();
  });
});

describe("an inspector", () => {
  it("is refused with 429 beyond four per room", async () => {
    const roomId = uniqueRoomId("cap");
    for (let i = 0; i < 4; i++) await inspect(roomId);
    const fifth = await inspectUpgrade(`?roomId=${roomId}`, { authorization: `Bearer ${TOKEN}` });
    expect(fifth.status).toBe(429);
    const elsewhere = await inspect(uniqueRoomId("cap-other"));
    expect(elsewhere.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("takes no slot and is not counted by MAX_SOCKETS_PER_ROOM", async () => {
    const roomId = uniqueRoomId("slots");
    for (let i = 0; i < 4; i++) await inspect(roomId);
    const first = await join(roomId);
    const second = await join(roomId);
    expect([first.accept.isExistUser, second.accept.isExistUser]).toEqual([false, true]);
    // A third socket fits under the cap of 3 (it is refused a slot, not the upgrade).
    const third = await connect(roomId);
    third.send({ type: "register", roomId });
    expect(await third.next()).toEqual({ type: "reject", reason: "full" });
  });

  it.each([
    ["no room id", ""],
    ["a control character", `?roomId=${encodeURIComponent("a\u0001b")}`],
    ["surrounding whitespace", `?roomId=${encodeURIComponent(" a")}`],
  ])("gets 400 for %s, as /signaling does", async (_, query) => {
    const response = await inspectUpgrade(query, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(400);
  });

  it("is a page to a request without an upgrade: /inspect serves inspect.html, and the socket shares its address", async () => {
    const { exports } = await import("cloudflare:workers");
    const response = await exports.default.fetch("http://ayame.test/inspect?room=x");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>Ayame-DO inspector</title>");
  });
});
