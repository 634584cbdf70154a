// AUTHN_WEBHOOK_URL points at a loopback port nothing listens on (vitest.config.ts, worker-webhooks-refused).
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { DISCONNECT_PATH, requests } from "../../support/webhookControl";
import { uniqueRoomId } from "../../support/workerSocket";
import { captureLogLines, expectRejected, register } from "../registering";

let capture: ReturnType<typeof captureLogLines>;
beforeEach(() => {
  capture = captureLogLines();
});
afterEach(() => capture.restore());

it("rejects with InternalServerError and closes 1000 when the connection is refused", async () => {
  const roomId = uniqueRoomId("authn-refused");
  await expectRejected(await register(roomId, { clientId: "refused" }), "InternalServerError");
});

it("still calls the disconnect webhook for the refused client, and logs the failed call", async () => {
  const roomId = uniqueRoomId("authn-refused-disconnect");
  await expectRejected(await register(roomId, { clientId: "refused" }), "InternalServerError");
  const [call] = await requests(roomId, { path: DISCONNECT_PATH, count: 1 });
  expect(call?.body).toMatchObject({ roomId, clientId: "refused" });
  await vi.waitFor(() =>
    expect(
      capture.lines().filter((line) => line.event === "webhook" && line.webhook === "authn" && line.roomId === roomId),
    ).toEqual([
      expect.objectContaining({
        level: "warn",
        outcome: "failed",
        error: expect.stringMatching(/\S/),
        durationMs: expect.any(Number),
      }),
    ]),
  );
});
