import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { DISCONNECT_PATH, requests } from "../support/webhookControl";
import { connect, uniqueRoomId } from "../support/workerSocket";
import { outcomeOf } from "./registering";

it("probe paired", async () => {
  const roomId = uniqueRoomId("probe");
  const a = await connect(roomId);
  a.send({ type: "register", roomId, clientId: "a" });
  await outcomeOf(a);
  const b = await connect(roomId);
  b.send({ type: "register", roomId, clientId: "b" });
  await outcomeOf(b);
  await evictDurableObject(env.ROOMS_DO.get(env.ROOMS_DO.idFromName(roomId)), { webSockets: "hibernate" });
  a.close(1000, "leaving");
  console.warn("B CLOSED", JSON.stringify(await b.closed), b.frames);
  console.warn("REQS", JSON.stringify((await requests(roomId, { path: DISCONNECT_PATH, count: 2 })).map((r) => r.body)));
});
