// What the authentication webhook receives: method, content type, body (exactly) and copied headers.
import { describe, expect, it } from "vitest";
import { defined } from "../support/defined";
import { AUTHN_PATH, type RecordedRequest, requests } from "../support/webhookControl";
import { type ConnectOptions, uniqueRoomId } from "../support/workerSocket";
import { outcomeOf, register } from "./registering";

/** Registers with `fields`; resolves with the one authn request the webhook server saw and the accept. */
async function authnRequestFor(
  fields: Record<string, unknown>,
  options: ConnectOptions = {},
): Promise<{ request: RecordedRequest; accept: Record<string, unknown>; roomId: string }> {
  const roomId = uniqueRoomId("authn-request");
  const socket = await register(roomId, fields, options);
  const accept = await outcomeOf(socket);
  expect(accept.type).toBe("accept");
  const seen = await requests(roomId, { path: AUTHN_PATH, count: 1 });
  expect(seen).toHaveLength(1);
  socket.close();
  return { request: defined(seen[0], "the authentication request"), accept, roomId };
}

describe("request body", () => {
  it("is a JSON POST with exactly roomId, clientId and connectionId for a bare register", async () => {
    const { request, accept, roomId } = await authnRequestFor({ clientId: "alice" });
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toStrictEqual({ roomId, clientId: "alice", connectionId: accept.connectionId });
  });

  it.each([
    ["absent", {}],
    ["empty", { clientId: "" }],
    ["null", { clientId: null }],
  ])("uses the connection id as clientId when the client's clientId is %s", async (_label, fields) => {
    const { request, accept, roomId } = await authnRequestFor(fields);
    expect(request.body).toStrictEqual({ roomId, clientId: accept.connectionId, connectionId: accept.connectionId });
  });

  it("carries every optional field the client sent, and nothing else", async () => {
    const authnMetadata = { token: "t0k3n", nested: { list: [1, "two", null, { three: 3.5 }], ok: true }, ü: "✓" };
    const { request, accept, roomId } = await authnRequestFor({
      clientId: "bob",
      signalingKey: "sk-123",
      authnMetadata,
      ayameClient: "ayame-web-sdk 2025.1.1",
      libwebrtc: "Chrome/126",
      environment: "Linux x86_64",
      standalone: false,
      unknownField: "not forwarded",
    });
    expect(request.body).toStrictEqual({
      roomId,
      clientId: "bob",
      connectionId: accept.connectionId,
      signalingKey: "sk-123",
      authnMetadata,
      ayameClient: "ayame-web-sdk 2025.1.1",
      libwebrtc: "Chrome/126",
      environment: "Linux x86_64",
    });
  });

  it("sends the legacy key as signalingKey", async () => {
    const { request } = await authnRequestFor({ clientId: "c", key: "legacy-key" });
    expect(request.body).toMatchObject({ signalingKey: "legacy-key" });
    expect(request.body).not.toHaveProperty("key");
  });

  it("prefers signalingKey over key when both are sent", async () => {
    const { request } = await authnRequestFor({ clientId: "c", key: "legacy-key", signalingKey: "new-key" });
    expect(request.body).toMatchObject({ signalingKey: "new-key" });
    expect(request.body).not.toHaveProperty("key");
  });

  it.each([
    ["a string", "plain"],
    ["a number", 0],
    ["false", false],
    ["an array", [1, [2, [3]], { four: null }]],
    ["an empty object", {}],
  ])("passes authnMetadata that is %s through untouched", async (_label, authnMetadata) => {
    const { request } = await authnRequestFor({ clientId: "c", authnMetadata });
    expect((request.body as Record<string, unknown>).authnMetadata).toStrictEqual(authnMetadata);
  });

  it("leaves out optional fields the client sent as null, like Ayame", async () => {
    const { request, accept, roomId } = await authnRequestFor({
      clientId: "c",
      signalingKey: null,
      key: null,
      authnMetadata: null,
      ayameClient: null,
      libwebrtc: null,
      environment: null,
    });
    expect(request.body).toStrictEqual({ roomId, clientId: "c", connectionId: accept.connectionId });
  });
});

describe("copied headers", () => {
  it("copies the configured headers of the upgrade request, whatever their case, and no others", async () => {
    const { request } = await authnRequestFor(
      { clientId: "c" },
      {
        headers: {
          "X-Forwarded-For": "203.0.113.7, 198.51.100.1",
          "x-custom-token": "Bearer abc.def",
          "X-Not-Configured": "nope",
        },
      },
    );
    expect(request.headers["x-forwarded-for"]).toBe("203.0.113.7, 198.51.100.1");
    expect(request.headers["x-custom-token"]).toBe("Bearer abc.def");
    expect(request.headers).not.toHaveProperty("x-not-configured");
    expect(request.headers["content-type"]).toBe("application/json");
  });

  it("sends no copied header the upgrade request did not have", async () => {
    const { request } = await authnRequestFor({ clientId: "c" }, { headers: { "X-Forwarded-For": "203.0.113.7" } });
    expect(request.headers["x-forwarded-for"]).toBe("203.0.113.7");
    expect(request.headers).not.toHaveProperty("x-custom-token");
  });

  it("keeps a header value of exactly 1 KiB", async () => {
    const value = "v".repeat(1024);
    const { request } = await authnRequestFor({ clientId: "c" }, { headers: { "X-Custom-Token": value } });
    expect(request.headers["x-custom-token"]).toBe(value);
  });

  it("drops a header value over 1 KiB, keeps the others, and still calls the webhook", async () => {
    const { request } = await authnRequestFor(
      { clientId: "c" },
      { headers: { "X-Custom-Token": "v".repeat(1025), "X-Forwarded-For": "203.0.113.7" } },
    );
    expect(request.headers).not.toHaveProperty("x-custom-token");
    expect(request.headers["x-forwarded-for"]).toBe("203.0.113.7");
  });

  it("does not let a client override the content type through a copied header", async () => {
    // Content-Type is not configured here, so this only proves that our JSON content type wins over what the client sent.
    const { request } = await authnRequestFor({ clientId: "c" }, { headers: { "Content-Type": "text/plain" } });
    expect(request.headers["content-type"]).toBe("application/json");
  });
});
