// ROOM_JURISDICTION: rooms are created through `namespace.jurisdiction(...)`, whichever way a socket is routed,
// and where the runtime cannot honour it (local workerd) /signaling fails closed with 500 while /.ok stays 200.
// The Worker's default export is called with an env of our choosing: a namespace double that records what it is
// asked and hands everything to the real namespace, so the room runs (its object's own env is the project's).
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { defined } from "../support/defined";
import { captureLogLines } from "../support/logLines";
import { namespaceDouble } from "../support/namespaceDouble";
import { type ConnectOptions, join, uniqueRoomId, upgrade } from "../support/workerSocket";
import { workerWith } from "../support/workerWith";

let logs: ReturnType<typeof captureLogLines> | undefined;
afterEach(() => logs?.restore());

/** URL routing, and stock URLs routed by the register frame (whatever the project's own setting). */
const ROUTES: Array<[string, Record<string, string>, (roomId: string) => ConnectOptions]> = [
  [
    "routed by its URL",
    { ROOM_ID_FROM_REGISTER: "false" },
    (roomId) => ({ query: `?roomId=${encodeURIComponent(roomId)}` }),
  ],
  ["routed by its register frame", { ROOM_ID_FROM_REGISTER: "true" }, () => ({ query: "" })],
];

describe("ROOM_JURISDICTION", () => {
  it.each(ROUTES)(
    "creates the room of a socket %s in the jurisdiction's namespace, and the socket lives in that room",
    async (_, vars, options) => {
      const double = namespaceDouble(env.ROOMS_DO);
      const fetcher = workerWith({ ...env, ...vars, ROOMS_DO: double.namespace, ROOM_JURISDICTION: "eu" });
      const roomId = uniqueRoomId("jurisdiction");
      const { socket, accept } = await join(roomId, {}, { ...options(roomId), fetcher });
      expect(accept.type).toBe("accept");
      expect(
        double.calls.map(({ call, ...rest }) => ({
          call,
          ...("on" in rest && { on: rest.on }),
          ...("jurisdiction" in rest && rest),
        })),
      ).toEqual([
        { call: "jurisdiction", jurisdiction: "eu" },
        { call: "idFromName", on: "eu" },
        { call: "get", on: "eu" },
      ]);
      const [namedCall, gotCall] = double.calls.slice(1) as Array<{ id: DurableObjectId; name?: string }>;
      const named = defined(namedCall, "the idFromName call");
      const got = defined(gotCall, "the get call");
      expect(named.name).toBe(roomId);
      expect(got.id.equals(named.id)).toBe(true);
      // The object the jurisdiction's id names holds the socket (it reports that id; on Cloudflare its
      // ctx.id.jurisdiction reads "eu", which local workerd cannot show).
      const inRoom = await runInDurableObject(env.ROOMS_DO.get(named.id), (_instance, state) => ({
        sameId: state.id.equals(named.id),
        sockets: state.getWebSockets().length,
      }));
      expect(inRoom).toEqual({ sameId: true, sockets: 1 });
      socket.close();
    },
  );

  it("unset, creates rooms in the binding itself and asks for no jurisdiction", async () => {
    const double = namespaceDouble(env.ROOMS_DO);
    const { socket } = await join(
      uniqueRoomId("no-jurisdiction"),
      {},
      { fetcher: workerWith({ ...env, ROOMS_DO: double.namespace }) },
    );
    expect(double.calls.map(({ call, ...rest }) => [call, "on" in rest ? rest.on : undefined])).toEqual([
      ["idFromName", "binding"],
      ["get", "binding"],
    ]);
    socket.close();
  });

  it.each(ROUTES)(
    "answers 500 naming it and why when the runtime cannot honour it, for a socket %s, and no room is reached",
    async (_, vars, options) => {
      logs = captureLogLines();
      const roomId = uniqueRoomId("jurisdiction-fails");
      const response = await upgrade(roomId, {
        ...options(roomId),
        fetcher: workerWith({ ...env, ...vars, ROOM_JURISDICTION: "fedramp-high" }),
      });
      expect(response.status).toBe(500);
      expect(response.webSocket).toBeNull();
      const body = await response.text();
      expect(body).toBe(
        "Invalid configuration: ROOM_JURISDICTION cannot be honoured by this runtime (local workerd has no jurisdictions: unset it for local development)",
      );
      expect(body).not.toContain("fedramp-high");
      expect(logs.lines()).toContainEqual(
        expect.objectContaining({
          level: "error",
          event: "config.invalid",
          variable: "ROOM_JURISDICTION",
          error: "Error: Jurisdiction restrictions are not implemented in workerd.",
        }),
      );
      const sockets = await runInDurableObject(
        env.ROOMS_DO.get(env.ROOMS_DO.idFromName(roomId)),
        (_i, state) => state.getWebSockets().length,
      );
      expect(sockets).toBe(0);
    },
  );

  it("keeps /.ok at 200 where the runtime cannot honour it", async () => {
    const response = await workerWith({ ...env, ROOM_JURISDICTION: "eu" }).fetch("http://ayame.test/.ok");
    expect(response.status).toBe(200);
  });

  it.each(["europe", "weur", "EU-WEST"])(
    "answers 500 naming it and what it expects, never the value, for %j",
    async (value) => {
      const response = await upgrade(uniqueRoomId(), { fetcher: workerWith({ ...env, ROOM_JURISDICTION: value }) });
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(body).toBe("Invalid configuration: ROOM_JURISDICTION expected one of eu/us/fedramp/fedramp-high");
      expect(body).not.toContain(value);
    },
  );
});
