// Hostile room ids: control characters and surrounding whitespace are refused with 400 before anything
// reaches a Durable Object; every id that is accepted reaches its object unchanged (its `register` matches).
import { describe, expect, it } from "vitest";
import { type ConnectOptions, join, uniqueRoomId, upgrade } from "../support/workerSocket";

async function expect400(options: ConnectOptions, reason: string): Promise<void> {
  const response = await upgrade("unused", options);
  expect(response.status).toBe(400);
  expect(response.webSocket).toBeNull();
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(await response.text()).toBe(reason);
}

const CONTROL = "roomId contains a control character";
const WHITESPACE = "roomId starts or ends with whitespace";

describe("query ?roomId= with a control character", () => {
  it.each([
    ["NUL", "%00"],
    ["LF (used to throw an uncaught TypeError → 500)", "%0A"],
    ["CR", "%0D"],
    ["TAB", "%09"],
    ["ESC", "%1B"],
    ["US (the last C0)", "%1F"],
    ["DEL", "%7F"],
    ["C1 NEL (U+0085)", "%C2%85"],
    ["C1 U+0080", "%C2%80"],
    ["C1 U+009F", "%C2%9F"],
  ])("answers 400 for %s inside the id", async (_label, encoded) => {
    await expect400({ query: `?roomId=a${encoded}b` }, CONTROL);
  });
});

describe("query ?roomId= with surrounding whitespace", () => {
  it.each([
    ["a leading space (the object used to think it was another room)", "%20a"],
    ["a trailing space", "a%20"],
    ["a leading +, which is a space in a query", "+a"],
    ["a leading no-break space", "%C2%A0a"],
    ["a trailing ideographic space", "a%E3%80%80"],
    ["a leading BOM", "%EF%BB%BFa"],
    ["only spaces", "%20%20"],
  ])("answers 400 for %s", async (_label, encoded) => {
    await expect400({ query: `?roomId=${encoded}` }, WHITESPACE);
  });
});

describe("CF-Room-Id header", () => {
  it.each([
    ["DEL", "a\u007fb", CONTROL],
    ["C1 U+0085", "a\u0085b", CONTROL],
    ["an ESC", "a\u001bb", CONTROL],
    ["a leading ideographic space", "\u3000a", WHITESPACE],
    ["a trailing no-break space", "a\u00a0", WHITESPACE],
  ])("answers 400 for %s", async (_label, value, reason) => {
    await expect400({ query: "", headers: { "CF-Room-Id": value } }, reason);
  });

  it("answers 400 when the header is fine but the query is not, even if they would be equal trimmed", async () => {
    const response = await upgrade("unused", { query: "?roomId=%20same", headers: { "CF-Room-Id": "same" } });
    expect(response.status).toBe(400);
  });
});

describe("room ids that are accepted reach the object unchanged", () => {
  it.each([
    ["inner spaces", "a b  c"],
    ["non-ASCII letters", "部屋 ü ñ"],
    ["an emoji", "room 🎥"],
    ["punctuation and percent signs", "a%2Fb/c?d=e&f#g"],
    ["a zero-width space inside", "a\u200bb"],
  ])("%s", async (_label, suffix) => {
    // `register` carries the id as JSON: an id that changed on its way to the object would be closed 1008.
    const roomId = `${uniqueRoomId("ids")} ${suffix}`;
    const { accept } = await join(roomId);
    expect(accept.type).toBe("accept");
  });

  it("by the CF-Room-Id header too", async () => {
    const roomId = `${uniqueRoomId("ids-header")} inner space ü`;
    const { accept } = await join(roomId, {}, { query: "", headers: { "CF-Room-Id": roomId } });
    expect(accept.type).toBe("accept");
  });
});
