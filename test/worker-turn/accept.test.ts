// TURN credentials in `accept` (TURN_KEY_ID=rooms; the test TURN API answers for it as each test picks): a
// client whose authentication webhook returned no `iceServers` gets short-lived ones of its own; when the
// TURN API fails, the client is accepted without them and a warn line says why.
import { afterEach, describe, expect, inject, it } from "vitest";
import { defined } from "../support/defined";
import { captureLogLines } from "../support/logLines";
import { TURN_TEST_TOKEN, turnScenario } from "../support/turnScenarios";
import { scriptAuthn } from "../support/webhookControl";
import { join, uniqueRoomId } from "../support/workerSocket";

const KEY_ID = "rooms";
const turnApi = (path: string) => `http://127.0.0.1:${inject("turnPort")}${path}`;

async function answerAs(scenario: string): Promise<void> {
  await fetch(turnApi(`/__answerAs?keyId=${KEY_ID}&scenario=${scenario}`), { method: "POST" });
}

async function turnRequests(): Promise<number> {
  return ((await (await fetch(turnApi(`/__requests?keyId=${KEY_ID}`))).json()) as unknown[]).length;
}

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => logs?.restore());

describe("accept with TURN credentials", () => {
  it.each(["array", "object"])(
    "carries the TURN API's ICE servers (%s answer), urls as arrays, port 53 dropped",
    async (scenario) => {
      await answerAs(scenario);
      const expected = defined(turnScenario(scenario), `the TURN scenario ${scenario}`).expected;
      const { socket, accept } = await join(uniqueRoomId("turn"));
      expect(expected.kind).toBe("ok");
      expect(accept.iceServers).toEqual(expected.kind === "ok" ? expected.iceServers : undefined);
      socket.close();
    },
  );

  it("fetches credentials for each accepted client, never sharing them", async () => {
    await answerAs("array");
    const roomId = uniqueRoomId("turn-each");
    const before = await turnRequests();
    const a = await join(roomId);
    const b = await join(roomId);
    expect(await turnRequests()).toBe(before + 2);
    a.socket.close();
    await b.socket.closed;
  });

  it.each(["status-500", "invalid-json", "hang"])(
    "accepts without ICE servers when the TURN API fails (%s), with a warn line",
    async (scenario) => {
      await answerAs(scenario);
      logs = captureLogLines();
      const roomId = uniqueRoomId("turn-fails");
      const { socket, accept } = await join(roomId);
      expect(accept.type).toBe("accept");
      expect(accept).not.toHaveProperty("iceServers");
      expect(logs.lines()).toContainEqual(
        expect.objectContaining({ level: "warn", event: "turn", outcome: "failed", roomId }),
      );
      expect(JSON.stringify(logs.lines())).not.toContain(TURN_TEST_TOKEN);
      socket.close();
    },
  );

  it("leaves the authentication webhook's own iceServers alone and asks the TURN API nothing", async () => {
    await answerAs("array");
    const roomId = uniqueRoomId("turn-webhook-wins");
    await scriptAuthn(roomId, {
      status: 200,
      json: { allowed: true, iceServers: [{ urls: "stun:stun.example.com:3478" }] },
    });
    const before = await turnRequests();
    const { socket, accept } = await join(roomId);
    expect(accept.iceServers).toEqual([{ urls: ["stun:stun.example.com:3478"] }]);
    expect(await turnRequests()).toBe(before);
    socket.close();
  });
});
