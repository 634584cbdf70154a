// `user:password@` in a webhook URL is sent as Basic authentication (as Ayame's Go client does), never as
// part of the URL, and a copied Authorization header of the client takes precedence (as in Go).
import { describe, expect, inject, it } from "vitest";
import { postJson } from "../../src/webhooks/postJson";
import { requests } from "../support/webhookControl";
import { uniqueRoomId } from "../support/workerSocket";

function base64Utf8(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

describe("credentials in a webhook URL", () => {
  it("become an Authorization: Basic header, percent-decoded as UTF-8, and leave the URL", async () => {
    const roomId = uniqueRoomId("url-credentials");
    const url = `http://ayame%40ops:p%C3%A4ss%3Aword@127.0.0.1:${inject("webhookPort")}/authn?x=1`;
    const result = await postJson(url, { roomId }, [], 5000);
    expect(result).toMatchObject({ ok: true, status: 200 });
    const [request] = await requests(roomId, { count: 1 });
    expect(request?.headers.authorization).toBe(`Basic ${base64Utf8("ayame@ops:päss:word")}`);
    expect(request?.path).toBe("/authn");
  });

  it("give way to an Authorization header copied from the client", async () => {
    const roomId = uniqueRoomId("url-credentials-copied");
    const url = `http://ayame:secret@127.0.0.1:${inject("webhookPort")}/authn`;
    await postJson(url, { roomId }, [["authorization", "Bearer from-client"]], 5000);
    const [request] = await requests(roomId, { count: 1 });
    expect(request?.headers.authorization).toBe("Bearer from-client");
  });

  it("are not invented for a URL without them", async () => {
    const roomId = uniqueRoomId("url-no-credentials");
    await postJson(`http://127.0.0.1:${inject("webhookPort")}/authn`, { roomId }, [], 5000);
    const [request] = await requests(roomId, { count: 1 });
    expect(request?.headers).not.toHaveProperty("authorization");
  });
});
