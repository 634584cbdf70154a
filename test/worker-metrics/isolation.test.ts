// The data point is an effect like the others: written after the socket closed, isolated from every other
// effect. A dataset that throws changes nothing a client or the room sees; without one nothing is written.
import { afterEach, describe, expect, it } from "vitest";
import { captureLogLines } from "../support/logLines";
import { installMetricsDataset, type MetricsDouble } from "../support/metricsDataset";
import { join, uniqueRoomId } from "../support/workerSocket";

let metrics: MetricsDouble | undefined;
let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => {
  metrics?.remove();
  logs?.restore();
});

/** Two peers; the first leaves. What both clients saw, and the room taking a new pair afterwards. */
async function sessionEndingWithBye(roomId: string) {
  const first = await join(roomId);
  const second = await join(roomId);
  first.socket.close(1000, "leaving");
  const bye = await second.socket.next((frame) => frame.type === "bye");
  const closed = await second.socket.closed;
  const nextFirst = await join(roomId);
  const nextSecond = await join(roomId);
  const nextPair = [nextFirst, nextSecond].map(({ accept }) => accept.isExistUser);
  nextFirst.socket.close();
  await nextSecond.socket.closed;
  return { bye, closed, nextPair };
}

describe("the metrics effect", () => {
  it("changes nothing when the dataset throws: bye, closes and the room's release are as without it, and the error is logged", async () => {
    metrics = installMetricsDataset(() => {
      throw new Error("dataset unavailable");
    });
    const captured = captureLogLines();
    logs = captured;
    const roomId = uniqueRoomId("metrics-throws");
    expect(await sessionEndingWithBye(roomId)).toEqual({
      bye: { type: "bye" },
      closed: { code: 1000, reason: "peer left" },
      nextPair: [false, true],
    });
    const summaries = () => captured.lines().filter((line) => line.event === "connection" && line.roomId === roomId);
    await expect
      .poll(() =>
        summaries()
          .map((line) => line.outcome)
          .sort(),
      )
      .toEqual(["closedByClient", "closedByClient", "peerLeft", "peerLeft"]);
    const errors = logs.lines().filter((line) => line.event === "effect.error");
    expect(errors.map(({ action, error }) => ({ action, error }))).toEqual(
      Array(4).fill({ action: "recordMetrics", error: "Error: dataset unavailable" }),
    );
  });

  it("writes nothing and fails nothing when no dataset is bound", async () => {
    metrics = installMetricsDataset();
    const captured = captureLogLines();
    logs = captured;
    const roomId = uniqueRoomId("metrics-absent");
    const first = await join(roomId);
    const second = await join(roomId);
    // The binding goes away while the room runs (the object was built with it): the next write finds none.
    metrics.remove();
    first.socket.close();
    await second.socket.closed;
    await expect
      .poll(() => captured.lines().filter((line) => line.event === "connection" && line.roomId === roomId).length)
      .toBe(2);
    expect(metrics.points.filter((point) => point.indexes?.[0] === roomId)).toEqual([]);
    expect(logs.lines().filter((line) => line.event === "effect.error")).toEqual([]);
  });

  it("writes to a dataset bound after the room started: the binding is read when the connection ends", async () => {
    const roomId = uniqueRoomId("metrics-late");
    const { socket } = await join(roomId);
    metrics = installMetricsDataset();
    socket.close();
    expect(await metrics.ofRoom(roomId, 1)).toHaveLength(1);
  });
});
