// Malformed and hostile client frames for the fuzz run: every way a frame can be wrong that we could think
// of, picked by a seeded generator so that a failing run can be repeated (`--seed`).

type HostileFrame = string | Uint8Array;

/** A small seeded PRNG (mulberry32): the same seed gives the same frames. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `choices`, by one call of `random` (which must return a value in [0, 1)). */
function pick<T>(choices: readonly T[], random: () => number): T {
  const choice = choices[Math.floor(random() * choices.length)];
  if (choice === undefined) throw new RangeError("nothing to pick: no choices, or random() outside [0, 1)");
  return choice;
}

const nested = (depth: number, open: string, close: string, inner = "0") =>
  open.repeat(depth) + inner + close.repeat(depth);

/** Kinds of frame; each takes the room id (for frames that name it) and the generator. */
const KINDS: Array<[string, (roomId: string, random: () => number) => HostileFrame]> = [
  [
    "invalid JSON",
    (_, r) =>
      pick(
        [
          "{",
          '{"type":"offer"',
          "not json",
          "'",
          '{"type":"offer",}',
          "{type:'offer'}",
          '{"type":"offer""sdp":1}',
          "NaN",
        ],
        r,
      ),
  ],
  [
    "JSON that is not an object",
    (_, r) => pick(["null", "[]", "0", "true", '"register"', '[{"type":"register"}]', "1e999", ""], r),
  ],
  ["whitespace only", () => " \t\r\n "],
  [
    "type of the wrong kind",
    (_, r) => JSON.stringify({ type: [42, null, ["register"], { a: 1 }, true][Math.floor(r() * 5)] }),
  ],
  [
    "unknown type",
    (_, r) =>
      JSON.stringify({
        type: ["hello", "", "REGISTER", "__proto__", "constructor", "toString", "offer ", "\u0000"][
          Math.floor(r() * 8)
        ],
      }),
  ],
  [
    "fields of the wrong kind",
    (roomId, r) =>
      JSON.stringify(
        [
          { type: "register", roomId: 123 },
          { type: "register", roomId, clientId: {} },
          { type: "register", roomId, standalone: "yes" },
          { type: "register", roomId, signalingKey: [1] },
          { type: "offer", sdp: {} },
          { type: "answer", sdp: 42 },
          { type: "candidate", ice: "not an object" },
          { type: "candidate", ice: { candidate: 1, sdpMid: [], sdpMLineIndex: "0" } },
        ][Math.floor(r() * 8)],
      ),
  ],
  [
    "control characters",
    (roomId, r) =>
      pick(
        [
          JSON.stringify({ type: "register", roomId: `${roomId}\u0000` }),
          JSON.stringify({ type: "register", roomId, clientId: "a\u0000b\u001b[31m\u007f\u0085" }),
          `{"type":"offer","sdp":"\u0001\u0002\u0003"}`,
          `{"type":"of\u0000fer","sdp":"x"}`,
          "\u0000\u0000\u0000\u0000",
        ],
        r,
      ),
  ],
  ["lone surrogates", (roomId) => JSON.stringify({ type: "register", roomId, clientId: "\ud800x\udfff" })],
  ["binary garbage", (_, r) => Uint8Array.from({ length: 1 + Math.floor(r() * 512) }, () => Math.floor(r() * 256))],
  [
    "invalid UTF-8 around valid JSON",
    () => Uint8Array.from([0xff, 0xfe, ...new TextEncoder().encode('{"type":"pong"}'), 0xc0]),
  ],
  ["a valid frame sent as binary", (roomId) => new TextEncoder().encode(JSON.stringify({ type: "register", roomId }))],
  [
    "deep nesting in an unknown field",
    (_, r) => `{"type":"offer","sdp":"x","deep":${nested(r() < 0.5 ? 10_000 : 100_000, "[", "]")}}`,
  ],
  [
    "deep nesting in authnMetadata",
    (roomId) =>
      `{"type":"register","roomId":${JSON.stringify(roomId)},"authnMetadata":${nested(50_000, '{"a":', "}")}}`,
  ],
  ["deep nesting as the frame", () => nested(200_000, "[", "]")],
  ["a huge clientId", (roomId) => JSON.stringify({ type: "register", roomId, clientId: "c".repeat(100_000) })],
  [
    "a huge authnMetadata",
    (roomId) => JSON.stringify({ type: "register", roomId, authnMetadata: { blob: "m".repeat(200_000) } }),
  ],
  [
    "a huge number of fields",
    () => `{"type":"offer","sdp":"x",${Array.from({ length: 20_000 }, (_, i) => `"f${i}":${i}`).join(",")}}`,
  ],
  ["a second register", (roomId) => JSON.stringify({ type: "register", roomId })],
  ["register for another room", (roomId) => JSON.stringify({ type: "register", roomId: `${roomId}-other` })],
  [
    "signaling out of place",
    (_, r) =>
      JSON.stringify(
        [
          { type: "offer", sdp: "v=0" },
          { type: "answer", sdp: "v=0" },
          { type: "candidate", ice: { candidate: "c" } },
        ][Math.floor(r() * 3)],
      ),
  ],
  [
    "a client ping, bye or message",
    (_, r) => JSON.stringify({ type: ["ping", "bye", "message"][Math.floor(r() * 3)], data: "x" }),
  ],
  [
    "prototype keys",
    (roomId, r) =>
      pick(
        [
          `{"__proto__":{"type":"register"},"type":"offer","sdp":"x"}`,
          `{"type":"register","roomId":${JSON.stringify(roomId)},"__proto__":{"standalone":true,"clientId":"evil"}}`,
          `{"type":"offer","constructor":{"prototype":{"polluted":true}},"sdp":"x"}`,
        ],
        r,
      ),
  ],
  [
    "duplicate keys",
    (roomId) => `{"type":"pong","type":"register","roomId":${JSON.stringify(roomId)},"roomId":"elsewhere"}`,
  ],
  ["a pong (tolerated)", () => '{"type":"pong"}'],
];

/** Rare and large (a frame over READ_LIMIT_BYTES, or just under it): kept rare so a run stays quick. */
const LARGE: Array<[string, () => HostileFrame]> = [
  ["a frame of 1 MiB + 1 byte", () => `{"type":"offer","sdp":"${"s".repeat(1024 * 1024 - 24)}"}`],
  ["a frame just under 1 MiB", () => `{"type":"offer","sdp":"${"s".repeat(1024 * 1024 - 40)}"}`],
];

export interface Generated {
  kind: string;
  frame: HostileFrame;
}

export function hostileFrame(roomId: string, random: () => number): Generated {
  if (random() < 0.002) {
    const [kind, make] = pick(LARGE, random);
    return { kind, frame: make() };
  }
  const [kind, make] = pick(KINDS, random);
  return { kind, frame: make(roomId, random) };
}

export const KIND_COUNT = KINDS.length + LARGE.length;
