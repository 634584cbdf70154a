// The frames the server sends (src/protocol/serverFrames.ts), exactly as clients get them. Over real sockets:
// test/worker/registration.test.ts and test/worker-webhooks/authn-outcomes.test.ts.
import { describe, expect, it } from "vitest";
import { acceptFrame, BYE_FRAME, PING_FRAME, rejectFrame } from "../../src/protocol/serverFrames";

describe("server frames", () => {
  it("sends ping and bye as Ayame does", () => {
    expect([PING_FRAME, BYE_FRAME]).toEqual(['{"type":"ping"}', '{"type":"bye"}']);
  });

  it("says in accept whether a peer is already there, in both of Ayame's fields", () => {
    expect(acceptFrame("c1", false, null)).toBe(
      '{"type":"accept","connectionId":"c1","isExistClient":false,"isExistUser":false}',
    );
    expect(acceptFrame("c2", true, null)).toBe(
      '{"type":"accept","connectionId":"c2","isExistClient":true,"isExistUser":true}',
    );
  });

  it("adds what the authentication webhook granted to accept, ICE servers with urls as arrays", () => {
    const grant = {
      iceServers: [{ urls: "turn:t.example:3478", username: "u", credential: "c" }],
      authzMetadata: { role: "host" },
    };
    expect(JSON.parse(acceptFrame("c1", false, grant))).toEqual({
      type: "accept",
      connectionId: "c1",
      isExistClient: false,
      isExistUser: false,
      authzMetadata: { role: "host" },
      iceServers: [{ urls: ["turn:t.example:3478"], username: "u", credential: "c" }],
    });
  });

  it("leaves out of accept what the grant does not have, and keeps what it has however falsy", () => {
    expect(JSON.parse(acceptFrame("c1", false, {}))).not.toHaveProperty("iceServers");
    expect(JSON.parse(acceptFrame("c1", false, {}))).not.toHaveProperty("authzMetadata");
    expect(JSON.parse(acceptFrame("c1", false, { authzMetadata: 0, iceServers: [] }))).toMatchObject({
      authzMetadata: 0,
      iceServers: [],
    });
  });

  it("gives the reason in reject", () => {
    expect(rejectFrame("full")).toBe('{"type":"reject","reason":"full"}');
  });
});
