// The room id rule (src/protocol/roomId.ts) by example: the same rule for `?roomId=`, `CF-Room-Id` and the
// `register` of a socket on a stock URL. Over HTTP: test/worker/roomIds.test.ts and routing.test.ts.
import { describe, expect, it } from "vitest";
import { MAX_ROOM_ID_BYTES, roomIdProblem } from "../../src/protocol/roomId";

describe("roomIdProblem", () => {
  it("accepts ids with inner spaces, non-ASCII characters, emoji and percent signs", () => {
    for (const roomId of ["a", "my room", "部屋", "😀", "100%", "a\u00a0b"])
      expect(roomIdProblem(roomId)).toBeUndefined();
  });

  it("refuses an empty id", () => {
    expect(roomIdProblem("")).toBe("must not be empty");
  });

  it("accepts 255 UTF-8 bytes and refuses 256, counting bytes, not characters", () => {
    expect(MAX_ROOM_ID_BYTES).toBe(255);
    expect(roomIdProblem("a".repeat(255))).toBeUndefined();
    expect(roomIdProblem("a".repeat(256))).toBe("longer than 255 bytes");
    expect(roomIdProblem(`${"é".repeat(127)}a`)).toBeUndefined();
    expect(roomIdProblem("é".repeat(128))).toBe("longer than 255 bytes");
  });

  it.each([
    ["NUL", "\u0000"],
    ["a line feed", "\n"],
    ["the last C0 control", "\u001f"],
    ["DEL", "\u007f"],
    ["a C1 control", "\u0085"],
    ["the last C1 control", "\u009f"],
  ])("refuses %s anywhere in the id", (_, control) => {
    expect(roomIdProblem(`a${control}b`)).toBe("contains a control character");
  });

  it.each([
    ["a leading space", " room"],
    ["a trailing space", "room "],
    ["a trailing no-break space", "room\u00a0"],
    ["a leading ideographic space", "\u3000room"],
    ["a byte order mark", "\ufeffroom"],
  ])("refuses %s", (_, roomId) => {
    expect(roomIdProblem(roomId)).toBe("starts or ends with whitespace");
  });
});
