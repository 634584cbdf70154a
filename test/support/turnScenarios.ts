// What the test TURN API (turnServer.ts) answers for each key id, and what a TURN client must make of it.
// Runtime-neutral: the server (Node) and the tests (Workers pool) share it, and so can any later suite
// that checks `accept` carries the TURN servers (set TURN_KEY_ID to one of these ids).

/** The only token the test API accepts. */
export const TURN_TEST_TOKEN = "test-turn-token_0123456789abcdef";

export const TURN_API_PATH = "/v1/turn/keys";

const USERNAME = "bc91b63e2b5d759f8eb9f3b58062439e";
const CREDENTIAL = "ebd71f1d3edbc2b0edae3cd5a6d82284";

/** Cloudflare's answer to generate-ice-servers (201): a list, with alternates on port 53. */
const ARRAY_ANSWER = {
  iceServers: [
    { urls: ["stun:stun.cloudflare.com:3478", "stun:stun.cloudflare.com:53"] },
    {
      urls: [
        "turn:turn.cloudflare.com:3478?transport=udp",
        "turn:turn.cloudflare.com:53?transport=udp",
        "turn:turn.cloudflare.com:3478?transport=tcp",
        "turn:turn.cloudflare.com:80?transport=tcp",
        "turns:turn.cloudflare.com:5349?transport=tcp",
        "turns:turn.cloudflare.com:443?transport=tcp",
      ],
      username: USERNAME,
      credential: CREDENTIAL,
    },
  ],
};

const ARRAY_EXPECTED = [
  { urls: ["stun:stun.cloudflare.com:3478"] },
  {
    urls: [
      "turn:turn.cloudflare.com:3478?transport=udp",
      "turn:turn.cloudflare.com:3478?transport=tcp",
      "turn:turn.cloudflare.com:80?transport=tcp",
      "turns:turn.cloudflare.com:5349?transport=tcp",
      "turns:turn.cloudflare.com:443?transport=tcp",
    ],
    username: USERNAME,
    credential: CREDENTIAL,
  },
];

export interface TurnScenario {
  /** The TURN key id that selects this answer. */
  keyId: string;
  status: number;
  /** JSON body, or a raw string; absent with `hang`. */
  body?: unknown;
  raw?: string;
  /** Never answers (the client's timeout must end the call). */
  hang?: boolean;
  /** What the client returns: the ICE servers, or that it failed (with a problem matching this). */
  expected: { kind: "ok"; iceServers: unknown[] } | { kind: "failed"; problem: RegExp };
}

export const TURN_SCENARIOS: readonly TurnScenario[] = [
  { keyId: "array", status: 201, body: ARRAY_ANSWER, expected: { kind: "ok", iceServers: ARRAY_EXPECTED } },
  {
    // The older credentials/generate shape: one object with a string `urls`... and a plain 200.
    keyId: "object",
    status: 200,
    body: { iceServers: { urls: "turn:turn.example.com:3478?transport=udp", username: "u", credential: "c" } },
    expected: {
      kind: "ok",
      iceServers: [{ urls: ["turn:turn.example.com:3478?transport=udp"], username: "u", credential: "c" }],
    },
  },
  {
    keyId: "ipv6",
    status: 201,
    body: {
      iceServers: [
        {
          urls: ["turn:[2001:db8::53]:53?transport=udp", "turn:[2001:db8::53]:3478?transport=udp"],
          username: "u",
          credential: "c",
        },
      ],
    },
    expected: {
      kind: "ok",
      iceServers: [{ urls: ["turn:[2001:db8::53]:3478?transport=udp"], username: "u", credential: "c" }],
    },
  },
  {
    // A server whose every URL is dropped disappears; so does a TURN URL without credentials (browsers throw).
    keyId: "partly-unusable",
    status: 201,
    body: {
      iceServers: [
        { urls: ["stun:stun.example.com:53"] },
        { urls: ["turn:t.example.com:3478"] },
        { urls: "stun:stun.example.com" },
      ],
    },
    expected: { kind: "ok", iceServers: [{ urls: ["stun:stun.example.com"] }] },
  },
  {
    keyId: "only-port-53",
    status: 201,
    body: { iceServers: [{ urls: ["stun:stun.example.com:53"] }] },
    expected: { kind: "failed", problem: /no usable/ },
  },
  { keyId: "status-500", status: 500, body: { success: false }, expected: { kind: "failed", problem: /^status 500$/ } },
  { keyId: "status-404", status: 404, body: { success: false }, expected: { kind: "failed", problem: /^status 404$/ } },
  { keyId: "invalid-json", status: 201, raw: "{not json", expected: { kind: "failed", problem: /not valid JSON/ } },
  {
    keyId: "no-ice-servers",
    status: 201,
    body: { success: true },
    expected: { kind: "failed", problem: /iceServers/ },
  },
  {
    keyId: "wrong-types",
    status: 201,
    body: { iceServers: [{ urls: [42], username: "u" }] },
    expected: { kind: "failed", problem: /iceServers/ },
  },
  { keyId: "hang", status: 0, hang: true, expected: { kind: "failed", problem: /no answer within/ } },
];

/** Any key id with a wrong token: what Cloudflare answers. */
export const WRONG_TOKEN_STATUS = 401;

export function turnScenario(keyId: string): TurnScenario | undefined {
  return TURN_SCENARIOS.find((scenario) => scenario.keyId === keyId);
}
