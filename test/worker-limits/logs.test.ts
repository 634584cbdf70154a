// Logs never carry what a client sent, except ids (bounded): not a wrong-typed field's value, not an unknown
// frame type, not a frame's content. What was wrong is named by field and expectation only.
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLogLines } from "../support/logLines";
import { connect, uniqueRoomId } from "../support/workerSocket";

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => logs?.restore());

const SECRET = "s3cret-value-1234567890";

describe("a protocol error's log lines", () => {
  it.each([
    ["a numeric signalingKey", { type: "register", signalingKey: 98765432109876 }, "98765432109876"],
    ["a huge wrong-typed clientId", { type: "register", clientId: { nested: SECRET.repeat(1000) } }, SECRET],
    ["a long clientId", { type: "register", clientId: SECRET.repeat(20) }, SECRET],
    ["an unknown type", { type: `x-${SECRET}` }, SECRET],
  ])("name what was wrong but not the value: %s", async (_, frame, secret) => {
    const captured = captureLogLines();
    logs = captured;
    const roomId = uniqueRoomId("log-values");
    const socket = await connect(roomId);
    socket.send({ roomId, ...frame });
    expect((await socket.closed).code).toBe(1000);
    await vi.waitFor(() =>
      expect(captured.lines().some((line) => line.event === "connection" && line.roomId === roomId)).toBe(true),
    );
    const lines = logs.lines().filter((line) => line.roomId === roomId);
    const problem = lines.find((line) => line.event === "connection.problem");
    expect(problem).toMatchObject({ outcome: "protocolError" });
    // What was wrong, said by the server: a field and its expectation, or (for an unknown type) "unknown".
    expect(problem?.problem ?? problem?.frameType).toEqual(expect.any(String));
    expect(JSON.stringify(lines)).not.toContain(secret);
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(1000);
  });
});
