// The Worker's HTTP surface: liveness, `/signaling` routing by query or CF-Room-Id header, the error
// answers, the legacy Durable Object binding and the 500 for a malformed configuration.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { type ConnectOptions, connect, join, notPing, uniqueRoomId, upgrade } from "../support/workerSocket";
import { envWithout, workerWith } from "../support/workerWith";

describe("GET /.ok", () => {
  it("answers 200 with an empty body", async () => {
    const response = await exports.default.fetch("http://ayame.test/.ok");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});

describe("/signaling without a WebSocket upgrade", () => {
  it("answers 426 even when no room id is given", async () => {
    const response = await exports.default.fetch("http://ayame.test/signaling");
    expect(response.status).toBe(426);
  });

  it("answers 426 when a room id is given", async () => {
    const response = await exports.default.fetch(`http://ayame.test/signaling?roomId=${uniqueRoomId()}`);
    expect(response.status).toBe(426);
  });
});

describe("/signaling room id", () => {
  const rejected: Array<[string, ConnectOptions]> = [
    ["neither query nor header", { query: "" }],
    ["an empty query value", { query: "?roomId=" }],
    ["an empty header value", { query: "", headers: { "CF-Room-Id": "" } }],
    ["an empty query value and an empty header", { query: "?roomId=", headers: { "CF-Room-Id": "" } }],
    ["query and header that differ", { query: "?roomId=one", headers: { "CF-Room-Id": "two" } }],
    ["a 256-byte query value", { query: `?roomId=${"r".repeat(256)}` }],
    ["a 256-byte header value", { query: "", headers: { "CF-Room-Id": "r".repeat(256) } }],
    // 86 characters, 258 UTF-8 bytes: the limit counts bytes, not characters.
    ["a room id of 86 three-byte characters", { query: `?roomId=${encodeURIComponent("部".repeat(86))}` }],
  ];

  it.each(rejected)("answers 400 with a plain-text reason for %s", async (_, options) => {
    const response = await upgrade("unused", options);
    expect(response.status).toBe(400);
    expect(response.webSocket).toBeNull();
    expect((await response.text()).length).toBeGreaterThan(0);
  });

  it("accepts a room id of exactly 255 bytes", async () => {
    const roomId = `${uniqueRoomId("max")}-`.padEnd(255, "r");
    const { accept } = await join(roomId);
    expect(accept.type).toBe("accept");
  });

  it("routes by the CF-Room-Id header alone into the same room as the query parameter", async () => {
    const roomId = uniqueRoomId("header");
    const byQuery = await join(roomId);
    const byHeader = await join(roomId, {}, { query: "", headers: { "CF-Room-Id": roomId } });
    expect(byQuery.accept.isExistUser).toBe(false);
    expect(byHeader.accept.isExistUser).toBe(true);
    byHeader.socket.send('{"type":"offer","sdp":"via header"}');
    expect(await byQuery.socket.nextText(notPing)).toBe('{"type":"offer","sdp":"via header"}');
  });

  it("accepts query and header when they are equal", async () => {
    const roomId = uniqueRoomId("both");
    const { accept } = await join(roomId, {}, { headers: { "CF-Room-Id": roomId } });
    expect(accept.isExistUser).toBe(false);
  });

  it("routes different room ids to different rooms", async () => {
    const first = await join(uniqueRoomId("apart"));
    const second = await join(uniqueRoomId("apart"));
    expect(first.accept.isExistUser).toBe(false);
    expect(second.accept.isExistUser).toBe(false);
  });
});

describe("ROOM_ID_FROM_REGISTER", () => {
  const routing = () => workerWith({ ...env, ROOM_ID_FROM_REGISTER: "true" });

  it("when on, accepts an upgrade that names no room and routes it by its register frame", async () => {
    const roomId = uniqueRoomId("register-routed");
    const bare = await join(roomId, {}, { fetcher: routing(), query: "" });
    const named = await join(roomId);
    expect([bare.accept.isExistUser, named.accept.isExistUser]).toEqual([false, true]);
    named.socket.send('{"type":"offer","sdp":"to the bare one"}');
    expect(await bare.socket.nextText(notPing)).toBe('{"type":"offer","sdp":"to the bare one"}');
  });

  it.each([
    ["query and header that differ", { query: "?roomId=one", headers: { "CF-Room-Id": "two" } }],
    ["a 256-byte query value", { query: `?roomId=${"r".repeat(256)}` }],
  ] as Array<[string, ConnectOptions]>)("when on, still answers 400 for %s", async (_, options) => {
    const response = await upgrade("unused", { ...options, fetcher: routing() });
    expect(response.status).toBe(400);
  });
});

describe("other paths", () => {
  it.each(["/nope", "/signaling/extra", "/signalingx", "/.ok/x", "/SIGNALING"])("answers 404 for %s", async (path) => {
    const response = await exports.default.fetch(`http://ayame.test${path}?roomId=r`, {
      headers: { upgrade: "websocket" },
    });
    expect(response.status).toBe(404);
  });
});

describe("Durable Object binding", () => {
  it("falls back to the legacy SIGNALLING_ROOM binding when ROOMS_DO is absent", async () => {
    const legacy = workerWith({ ...envWithout("ROOMS_DO"), SIGNALLING_ROOM: env.ROOMS_DO });
    const roomId = uniqueRoomId("legacy");
    const viaLegacy = await join(roomId, {}, { fetcher: legacy });
    // The same namespace behind the default binding: both sockets meet in one room object.
    const viaDefault = await join(roomId);
    expect(viaLegacy.accept.isExistUser).toBe(false);
    expect(viaDefault.accept.isExistUser).toBe(true);
    viaDefault.socket.send('{"type":"offer","sdp":"legacy"}');
    expect(await viaLegacy.socket.nextText(notPing)).toBe('{"type":"offer","sdp":"legacy"}');
  });

  it("answers 500 naming ROOMS_DO when neither binding exists", async () => {
    const response = await upgrade(uniqueRoomId(), { fetcher: workerWith(envWithout("ROOMS_DO")) });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("ROOMS_DO");
  });
});

describe("malformed configuration", () => {
  const malformed: Array<[string, string]> = [
    ["WS_PING_INTERVAL_SEC", "abc"],
    ["WS_PONG_TIMEOUT_SEC", "0"],
    ["WS_READ_TIMEOUT_SEC", "-5"],
    ["WEBHOOK_REQUEST_TIMEOUT_SEC", "soon"],
    ["TYPE_MESSAGE", "maybe"],
    ["READ_LIMIT_BYTES", "0"],
    ["READ_LIMIT_BYTES", "1.5"],
    ["AUTHN_WEBHOOK_URL", "not a url"],
    ["DISCONNECT_WEBHOOK_URL", "ftp://example.com/hook"],
    ["COPY_WEBSOCKET_HEADER_NAMES", "x-ok, not a header"],
    ["ALLOWED_ORIGINS", "https://app.example.com/path"],
    ["ALLOW_MISSING_ORIGIN", "sometimes"],
    ["ROOM_ID_FROM_REGISTER", "sometimes"],
    ["REGISTER_TIMEOUT_SEC", "0"],
    ["TURN_CREDENTIAL_TTL_SEC", "172801"],
    ["TURN_KEY_ID", "no/slashes"],
  ];

  it.each(malformed)("makes /signaling answer 500 naming %s, and not the value (%s)", async (name, value) => {
    const fetcher = workerWith({ ...env, [name]: value });
    const response = await upgrade(uniqueRoomId(), { fetcher });
    expect(response.status).toBe(500);
    expect(response.webSocket).toBeNull();
    const body = await response.text();
    expect(body).toContain(name);
    expect(body).not.toContain(value);
  });

  it("neither answers nor logs a webhook URL's token", async () => {
    const lines: string[] = [];
    const keep = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = [
      vi.spyOn(console, "log").mockImplementation(keep),
      vi.spyOn(console, "error").mockImplementation(keep),
    ];
    try {
      const token = `tok3n-${uniqueRoomId()}`;
      const fetcher = workerWith({ ...env, AUTHN_WEBHOOK_URL: `ftp://hooks.example.com/authn?token=${token}` });
      const response = await upgrade(uniqueRoomId(), { fetcher });
      expect(response.status).toBe(500);
      expect(await response.text()).toBe("Invalid configuration: AUTHN_WEBHOOK_URL expected an absolute http(s) URL");
      expect(lines.join("\n")).toContain("config.invalid");
      expect(lines.join("\n")).not.toContain(token);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it.each(malformed)("keeps /.ok at 200 with %s=%s", async (name, value) => {
    const response = await workerWith({ ...env, [name]: value }).fetch("http://ayame.test/.ok");
    expect(response.status).toBe(200);
  });

  it("serves /signaling through the same call when the env is unchanged", async () => {
    const roomId = uniqueRoomId("config");
    const socket = await connect(roomId, { fetcher: workerWith({ ...env }) });
    socket.send({ type: "register", roomId });
    expect((await socket.next(notPing)).type).toBe("accept");
  });
});
