// Stock signaling URLs: the router parses the client's `register` only to route it, then hands the room the
// frame itself, byte for byte, so the room parses the client's own text, as for a client that names its room in
// the URL. A re-serialised register would differ where JSON.parse then JSON.stringify loses something: a
// number too large for a double (1e400) parses as Infinity, which stringifies as null, and the room drops a
// `null` field (as the Go server does). From the client's own text the room keeps it, and the authentication
// webhook's JSON body says `null`. Project worker-webhooks-register-routing only.
import { expect, it } from "vitest";
import { AUTHN_PATH, requests } from "../../support/webhookControl";
import { connect, uniqueRoomId } from "../../support/workerSocket";
import { outcomeOf } from "../../worker-webhooks/registering";

it("hands the room the client's own register: the authentication webhook gets what a URL-named client's register gives", async () => {
  const roomId = uniqueRoomId("register-bytes");
  const register = (clientId: string) =>
    `{"type":"register","roomId":${JSON.stringify(roomId)},"clientId":"${clientId}","authnMetadata":1e400}`;
  const bare = await connect(roomId);
  bare.send(register("bare"));
  expect(await outcomeOf(bare)).toMatchObject({ type: "accept" });
  const named = await connect(roomId, { query: `?roomId=${encodeURIComponent(roomId)}` });
  named.send(register("named"));
  expect(await outcomeOf(named)).toMatchObject({ type: "accept" });

  const bodies = (await requests(roomId, { path: AUTHN_PATH, count: 2 })).map(({ body }) => body);
  expect(bodies).toStrictEqual(
    ["bare", "named"].map((clientId) => ({ roomId, clientId, connectionId: expect.any(String), authnMetadata: null })),
  );
  bare.close();
  named.close();
});
