// Without INSPECT_TOKEN there is no inspector at all: /inspect is Not Found, whatever the request carries.
import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers /inspect with 404 when INSPECT_TOKEN is unset, even to an upgrade that carries a token", async () => {
  const response = await exports.default.fetch("http://ayame.test/inspect?roomId=demo", {
    headers: { upgrade: "websocket", authorization: "Bearer inspect-token-for-tests-0123456789" },
  });
  expect(response.status).toBe(404);
  expect(response.webSocket).toBeNull();
});
