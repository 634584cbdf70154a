// Carrying a close from one WebSocket to the other (src/edge/socketClose.ts, the stock-URL router): a code that
// may be sent travels as it is, one that may only be reported (RFC 6455 7.4.1) becomes "connection lost".
import { describe, expect, it } from "vitest";
import { closeLike, LOST_CONNECTION_CLOSE, safeSend } from "../../src/edge/socketClose";

/** What closeLike asked of a socket: the arguments of its one close() call. */
function closedWith(code: number, reason: string): unknown[] {
  const calls: unknown[][] = [];
  closeLike({ close: (...args: unknown[]) => calls.push(args) } as unknown as WebSocket, code, reason);
  expect(calls).toHaveLength(1);
  return calls[0] ?? [];
}

describe("closeLike", () => {
  it.each([1000, 1001, 1003, 1007, 1010, 1014, 3000, 4000, 4999])("sends code %i with its reason", (code) => {
    expect(closedWith(code, "why")).toEqual([code, "why"]);
  });

  it.each([999, 1004, 1006, 1015, 1016, 2999, 5000])("sends 1011 connection lost for code %i", (code) => {
    expect(closedWith(code, "why")).toEqual([LOST_CONNECTION_CLOSE.code, LOST_CONNECTION_CLOSE.reason]);
  });

  it("answers no code (1005) with no code", () => {
    expect(closedWith(1005, "")).toEqual([]);
  });

  it("leaves a socket that is already closed as it is", () => {
    const closed = {
      close: () => {
        throw new TypeError("already closed");
      },
    } as unknown as WebSocket;
    expect(() => closeLike(closed, 1000, "")).not.toThrow();
  });
});

describe("safeSend", () => {
  it("sends the data as it is", () => {
    const sent: unknown[] = [];
    safeSend({ send: (data: unknown) => sent.push(data) } as unknown as WebSocket, "frame");
    expect(sent).toEqual(["frame"]);
  });

  it("drops the data when the socket is closing", () => {
    const closing = {
      send: () => {
        throw new TypeError("closing");
      },
    } as unknown as WebSocket;
    expect(() => safeSend(closing, "frame")).not.toThrow();
  });
});
