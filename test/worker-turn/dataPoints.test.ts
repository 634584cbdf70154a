// The authentication webhook's and the TURN request's outcomes in a connection's data point (a double of the
// CONNECTION_METRICS binding): this project runs both, against the test webhook server and the test TURN API.
import { afterEach, describe, expect, inject, it } from "vitest";
import { installMetricsDataset, type MetricsDouble } from "../support/metricsDataset";
import { scriptAuthn } from "../support/webhookControl";
import { connect, join, uniqueRoomId } from "../support/workerSocket";

let metrics: MetricsDouble | undefined;
afterEach(() => metrics?.remove());

async function turnAnswersAs(scenario: string): Promise<void> {
  await fetch(`http://127.0.0.1:${inject("turnPort")}/__answerAs?keyId=rooms&scenario=${scenario}`, { method: "POST" });
}

describe("the data point of a connection", () => {
  it.each([
    ["array", "ok"],
    ["status-500", "failed"],
  ])(
    "of a client the webhook allowed and the TURN API answered (%s): authn allowed, TURN %s, both timed",
    async (scenario, turn) => {
      await turnAnswersAs(scenario);
      metrics = installMetricsDataset();
      const roomId = uniqueRoomId("metrics-turn");
      const { socket } = await join(roomId);
      socket.close();
      const [point] = await metrics.ofRoom(roomId, 1);
      expect(point).toMatchObject({
        outcome: "closedByClient",
        accepted: "true",
        authn: "allowed",
        turn,
        authnMs: expect.any(Number),
        turnMs: expect.any(Number),
      });
    },
  );

  it.each([
    [{ status: 200, json: { allowed: false, reason: "forbidden" } }, "denied", "forbidden"],
    [{ status: 500, raw: "" }, "failed", "InternalServerError"],
  ])(
    "of a client the webhook turned away (%j): rejected, authn %s, with the reason, no TURN",
    async (answer, authn, rejectReason) => {
      metrics = installMetricsDataset();
      const roomId = uniqueRoomId("metrics-authn");
      await scriptAuthn(roomId, answer);
      const socket = await connect(roomId);
      socket.send({ type: "register", roomId });
      expect(await socket.next()).toEqual({ type: "reject", reason: rejectReason });
      await socket.closed;
      const [point] = await metrics.ofRoom(roomId, 1);
      expect(point).toMatchObject({ outcome: "rejected", accepted: "false", authn, rejectReason, turn: "", turnMs: 0 });
    },
  );
});
