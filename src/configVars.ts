// How each kind of Worker variable is read (src/config.ts puts them together). Every message says what was
// expected and never the value: a webhook URL may carry a token, and the message is logged and answered.
import * as v from "valibot";
import { LOG_LEVELS } from "./log";

const TRUE_WORDS = ["true", "1", "yes", "on"] as const;
const FALSE_WORDS = ["false", "0", "no", "off"] as const;
const EXPECTED_BOOLEAN = "expected one of true/false/1/0/yes/no/on/off";
const EXPECTED_NUMBER = "expected a positive number";
const EXPECTED_URL = "expected an absolute http(s) URL";
const EXPECTED_HEADER_NAMES = "expected comma-separated header names";
const EXPECTED_ORIGINS = "expected * or comma-separated origins (scheme://host[:port], no path, no wildcards)";

/** Vars may arrive as strings (`[vars]`, `--var`, dashboard) or as JSON values (wrangler.jsonc). */
export const booleanVar = v.union(
  [
    v.boolean(),
    v.pipe(
      v.string(),
      v.trim(),
      v.toLowerCase(),
      v.picklist([...TRUE_WORDS, ...FALSE_WORDS], EXPECTED_BOOLEAN),
      v.transform((word) => (TRUE_WORDS as readonly string[]).includes(word)),
    ),
  ],
  EXPECTED_BOOLEAN,
);

const numberFromString = v.pipe(v.string(), v.trim(), v.regex(/^\d+(\.\d+)?$/, EXPECTED_NUMBER), v.transform(Number));

export const positiveNumberVar = v.pipe(
  v.union([v.number(), numberFromString], EXPECTED_NUMBER),
  v.finite(EXPECTED_NUMBER),
  v.gtValue(0, EXPECTED_NUMBER),
);

export const positiveIntegerVar = v.pipe(positiveNumberVar, v.integer("expected a positive integer"));

function parsedUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function decodes(component: string): boolean {
  try {
    decodeURIComponent(component);
    return true;
  } catch {
    return false;
  }
}

/**
 * `http:` or `https:` only (any case), with a host. `user:password@` is allowed and sent as Basic
 * authentication, as Ayame's Go HTTP client does (src/webhooks/postJson.ts); it must percent-decode.
 */
function isWebhookUrl(text: string): boolean {
  // The URL parser would read `https:host` and `http:\\host` as `https://host/`; require the usual form.
  if (!/^https?:\/\//i.test(text)) return false;
  const url = parsedUrl(text);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.host === "") return false;
  return decodes(url.username) && decodes(url.password);
}

/** The URL as the runtime will fetch it (`HTTP://Example.COM` → `http://example.com/`). */
export const urlVar = v.pipe(
  v.string(EXPECTED_URL),
  v.trim(),
  v.check(isWebhookUrl, EXPECTED_URL),
  v.transform((text) => new URL(text).href),
);

export const headerNamesVar = v.pipe(
  v.string(EXPECTED_HEADER_NAMES),
  v.transform((list) =>
    list
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name.length > 0),
  ),
  v.array(v.pipe(v.string(), v.regex(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/, EXPECTED_HEADER_NAMES))),
);

export const logLevelVar = v.pipe(
  v.string("expected one of info/warn/error"),
  v.trim(),
  v.toLowerCase(),
  v.picklist(LOG_LEVELS, "expected one of info/warn/error"),
);

/** scheme://host[:port] and nothing else: no path (not even `/`), query, fragment, credentials or `*`. */
const ORIGIN_SHAPE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@*\s]+$/i;

/**
 * The origin as a browser sends it in `Origin` (lower-case scheme and host, no default port), so that the
 * comparison can be exact.
 */
function canonicalOrigin(text: string): string {
  const url = new URL(text);
  return url.origin !== "null" ? url.origin : `${url.protocol}//${url.host}`;
}

const originVar = v.pipe(
  v.string(),
  v.check((text) => ORIGIN_SHAPE.test(text) && (parsedUrl(text)?.host ?? "") !== "", EXPECTED_ORIGINS),
  v.transform(canonicalOrigin),
);

/** `*` (any origin) or a list of exact origins. */
export const originListVar = v.pipe(
  v.string(EXPECTED_ORIGINS),
  v.transform((list) =>
    list
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
  ),
  v.check((list) => list.length > 0 && (!list.includes("*") || list.length === 1), EXPECTED_ORIGINS),
  v.union(
    [
      v.pipe(
        v.tuple([v.literal("*")]),
        v.transform(() => "any" as const),
      ),
      v.pipe(
        v.array(originVar),
        v.transform((origins) => Object.freeze([...new Set(origins)])),
      ),
    ],
    EXPECTED_ORIGINS,
  ),
);

/** A path segment: Cloudflare's TURN key ids are hex; anything URL-safe is accepted. */
export const turnKeyIdVar = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[A-Za-z0-9._~-]+$/, "expected a TURN key id (letters, digits, - _ . ~)"),
);

/** Goes into an Authorization header: printable ASCII without spaces. */
export const bearerTokenVar = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[\x21-\x7e]+$/, "expected an API token (printable ASCII, no spaces)"),
);

/**
 * A token that can travel as a WebSocket subprotocol (`bearer.<token>`, an RFC 7230 token: browsers cannot
 * set an Authorization header on a WebSocket), long enough not to be guessed. `openssl rand -hex 32` makes one.
 */
export const inspectTokenVar = v.pipe(
  v.string(),
  v.regex(
    /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{16,}$/,
    "expected at least 16 characters from A-Z a-z 0-9 !#$%&'*+-.^_`|~ (openssl rand -hex 32)",
  ),
);

/** Cloudflare issues TURN credentials for at most 48 hours. */
const MAX_TURN_CREDENTIAL_TTL_SEC = 172800;

export const turnTtlVar = v.pipe(
  positiveIntegerVar,
  v.maxValue(
    MAX_TURN_CREDENTIAL_TTL_SEC,
    `expected at most ${MAX_TURN_CREDENTIAL_TTL_SEC} seconds (48 h, Cloudflare's limit)`,
  ),
);

/**
 * Where Cloudflare keeps a Durable Object and its storage, as `DurableObjectNamespace.jurisdiction()` names it
 * (https://developers.cloudflare.com/durable-objects/reference/data-location/). Lower-case, like the API.
 */
const ROOM_JURISDICTIONS = ["eu", "us", "fedramp", "fedramp-high"] as const;
export type RoomJurisdiction = (typeof ROOM_JURISDICTIONS)[number];
const EXPECTED_JURISDICTION = `expected one of ${ROOM_JURISDICTIONS.join("/")}`;

export const jurisdictionVar = v.pipe(
  v.string(EXPECTED_JURISDICTION),
  v.trim(),
  v.toLowerCase(),
  v.picklist(ROOM_JURISDICTIONS, EXPECTED_JURISDICTION),
);
