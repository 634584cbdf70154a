// ALLOWED_ORIGINS / ALLOW_MISSING_ORIGIN: a browser upgrade from an origin that is not listed gets 403 before
// anything else is looked at; clients without Origin (Momo, native SDKs) pass unless told otherwise.
import { describe, expect, it } from "vitest";
import { join, uniqueRoomId, upgrade } from "../support/workerSocket";
import { envWith, envWithout, type Fetcher, workerWith } from "../support/workerWith";

const APP = "https://app.example.com";
const listed = envWith({ ALLOWED_ORIGINS: `${APP}, http://localhost:5173` });

async function expect403(
  fetcher: Fetcher,
  headers: Record<string, string>,
  reason: string,
  query?: string,
): Promise<void> {
  const response = await upgrade(uniqueRoomId("origin"), { fetcher, headers, query });
  expect(response.status).toBe(403);
  expect(response.webSocket).toBeNull();
  expect(await response.text()).toBe(reason);
}

describe("with ALLOWED_ORIGINS set", () => {
  it.each([APP, "http://localhost:5173"])("lets a browser from %s join and relay", async (origin) => {
    const roomId = uniqueRoomId("origin-ok");
    const first = await join(roomId, {}, { fetcher: listed, headers: { Origin: origin } });
    const second = await join(roomId, {}, { fetcher: listed, headers: { Origin: origin } });
    expect([first.accept.isExistUser, second.accept.isExistUser]).toEqual([false, true]);
  });

  it.each([
    "https://evil.example",
    "https://app.example.com.evil.example",
    "http://app.example.com",
    "https://app.example.com:8443",
    "http://localhost:5174",
    "null",
  ])("answers 403 to a browser from %s", async (origin) => {
    await expect403(listed, { Origin: origin }, "Origin not allowed");
  });

  it("answers 403 before the room id is looked at", async () => {
    await expect403(listed, { Origin: "https://evil.example" }, "Origin not allowed", "");
    await expect403(listed, { Origin: "https://evil.example" }, "Origin not allowed", "?roomId=%0A");
  });

  it("answers 403 before the upgrade is looked at", async () => {
    const response = await listed.fetch(`http://ayame.test/signaling?roomId=${uniqueRoomId()}`, {
      headers: { Origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });

  it("lets a client without Origin (Momo, native SDKs) join", async () => {
    const { accept } = await join(uniqueRoomId("origin-none"), {}, { fetcher: listed });
    expect(accept.type).toBe("accept");
  });

  it("lets a client without Origin join when ALLOW_MISSING_ORIGIN is unset, its default being true", async () => {
    // wrangler.toml sets ALLOW_MISSING_ORIGIN = "true"; without it the Worker's own default decides.
    const unset = workerWith({ ...envWithout("ALLOW_MISSING_ORIGIN"), ALLOWED_ORIGINS: APP });
    const { accept } = await join(uniqueRoomId("origin-default"), {}, { fetcher: unset });
    expect(accept.type).toBe("accept");
  });
});

describe("ALLOW_MISSING_ORIGIN=false", () => {
  const strict = envWith({ ALLOWED_ORIGINS: APP, ALLOW_MISSING_ORIGIN: "false" });

  it("answers 403 to an upgrade without Origin, or with an empty one", async () => {
    await expect403(strict, {}, "Origin header required");
    await expect403(strict, { Origin: "" }, "Origin header required");
  });

  it("still lets a listed origin join", async () => {
    const { accept } = await join(uniqueRoomId("origin-strict"), {}, { fetcher: strict, headers: { Origin: APP } });
    expect(accept.type).toBe("accept");
  });

  it("with any origin allowed, still requires one", async () => {
    const anyButPresent = envWith({ ALLOW_MISSING_ORIGIN: "false" });
    await expect403(anyButPresent, {}, "Origin header required");
    const { accept } = await join(
      uniqueRoomId("origin-any"),
      {},
      { fetcher: anyButPresent, headers: { Origin: "https://anyone.example" } },
    );
    expect(accept.type).toBe("accept");
  });
});

describe("any origin", () => {
  it.each([
    ["by default", upgrade],
    [
      "with ALLOWED_ORIGINS=*",
      (roomId: string, options = {}) => upgrade(roomId, { ...options, fetcher: envWith({ ALLOWED_ORIGINS: "*" }) }),
    ],
  ] as const)("lets every browser in %s", async (_label, open) => {
    const response = await open(uniqueRoomId("origin-any"), { headers: { Origin: "https://whoever.example" } });
    expect(response.status).toBe(101);
    response.webSocket?.accept();
    response.webSocket?.close();
  });
});
