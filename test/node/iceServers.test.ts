// ICE servers as clients parse them (src/protocol/iceServers.ts) and STUN/TURN URL parsing (iceUrls.ts).
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { IceServerListSchema, iceServersForAccept } from "../../src/protocol/iceServers";
import { isUsableIceUrl, parseIceUrl } from "../../src/protocol/iceUrls";

describe("iceServersForAccept", () => {
  it("wraps a string urls in an array and keeps every other field and the field order", () => {
    const out = iceServersForAccept([
      { urls: "turn:t.example.com:3478", username: "u", credential: "c", extra: { a: 1 } },
    ]);
    expect(out).toStrictEqual([{ urls: ["turn:t.example.com:3478"], username: "u", credential: "c", extra: { a: 1 } }]);
    expect(JSON.stringify(out)).toBe(
      '[{"urls":["turn:t.example.com:3478"],"username":"u","credential":"c","extra":{"a":1}}]',
    );
  });

  it("leaves array urls untouched", () => {
    const servers = [{ urls: ["stun:a.example.com", "turn:b.example.com?transport=tcp"] }, { urls: [] }];
    expect(iceServersForAccept(servers)).toStrictEqual(servers);
  });

  it("makes a single server object a list of one", () => {
    expect(iceServersForAccept({ urls: "stun:a.example.com" })).toStrictEqual([{ urls: ["stun:a.example.com"] }]);
  });

  it("copies whatever is not an ICE server as received", () => {
    for (const value of [[], [1, "x", null, { no: "urls" }, { urls: 5 }], "stun:a", 0, { no: "urls" }]) {
      expect(iceServersForAccept(value)).toStrictEqual(value);
    }
  });
});

describe("IceServerListSchema (the TURN API's answer)", () => {
  it("makes a single server a list of one, with a string urls as an array", () => {
    expect(v.parse(IceServerListSchema, { urls: "turn:t.example.com", username: "u" })).toEqual([
      { urls: ["turn:t.example.com"], username: "u" },
    ]);
  });

  it("makes every string urls of a list an array, and keeps array urls", () => {
    expect(v.parse(IceServerListSchema, [{ urls: "stun:a.example.com" }, { urls: ["turn:b.example.com"] }])).toEqual([
      { urls: ["stun:a.example.com"] },
      { urls: ["turn:b.example.com"] },
    ]);
  });
});

describe("parseIceUrl", () => {
  it.each([
    [
      "stun:stun.cloudflare.com:3478",
      { scheme: "stun", host: "stun.cloudflare.com", port: 3478, transport: undefined },
    ],
    ["stun:stun.example.com", { scheme: "stun", host: "stun.example.com", port: 3478, transport: undefined }],
    ["stuns:stun.example.com", { scheme: "stuns", host: "stun.example.com", port: 5349, transport: undefined }],
    [
      "turn:turn.cloudflare.com:53?transport=udp",
      { scheme: "turn", host: "turn.cloudflare.com", port: 53, transport: "udp" },
    ],
    [
      "turns:turn.cloudflare.com:443?transport=tcp",
      { scheme: "turns", host: "turn.cloudflare.com", port: 443, transport: "tcp" },
    ],
    ["turns:turn.example.com", { scheme: "turns", host: "turn.example.com", port: 5349, transport: undefined }],
    [
      "TURN:Turn.Example.com:80?transport=TCP",
      { scheme: "turn", host: "Turn.Example.com", port: 80, transport: "tcp" },
    ],
    ["turn:[2001:db8::1]:53?transport=udp", { scheme: "turn", host: "[2001:db8::1]", port: 53, transport: "udp" }],
    ["turn:[2001:db8::53]", { scheme: "turn", host: "[2001:db8::53]", port: 3478, transport: undefined }],
    ["turn:192.0.2.53:3478", { scheme: "turn", host: "192.0.2.53", port: 3478, transport: undefined }],
    ["turn:host:1", { scheme: "turn", host: "host", port: 1, transport: undefined }],
    ["turn:host:65535", { scheme: "turn", host: "host", port: 65535, transport: undefined }],
  ])("parses %s", (url, parts) => {
    expect(parseIceUrl(url)).toEqual(parts);
  });

  it.each([
    "http://turn.example.com:3478",
    "turn://turn.example.com:3478",
    "turn:",
    "turn:host:",
    "turn:host:0",
    "turn:host:70000",
    "turn:host:65536",
    "xturn:turn.example.com",
    " stun:stun.example.com",
    "turn:host?transport=sctp",
    "stun:host?transport=udp",
    "turn:2001:db8::1:3478",
    "turn:user@host",
    "turn:host path",
    "",
  ])("refuses %j", (url) => {
    expect(parseIceUrl(url)).toBeUndefined();
  });
});

describe("isUsableIceUrl", () => {
  it("drops port 53 only when it is the port, not when 53 is part of the host or another number", () => {
    expect(isUsableIceUrl("turn:turn.cloudflare.com:53?transport=udp")).toBe(false);
    expect(isUsableIceUrl("stun:stun.cloudflare.com:53")).toBe(false);
    expect(isUsableIceUrl("turn:[2001:db8::1]:53?transport=tcp")).toBe(false);
    expect(isUsableIceUrl("turn:[2001:db8::53]:3478")).toBe(true);
    expect(isUsableIceUrl("turn:dns53.example.com:5353")).toBe(true);
    expect(isUsableIceUrl("turn:192.0.2.53:530")).toBe(true);
  });

  it("drops URLs that do not parse (RTCPeerConnection would throw on them)", () => {
    expect(isUsableIceUrl("turn://bad")).toBe(false);
  });
});
