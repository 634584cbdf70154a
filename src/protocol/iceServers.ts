// ICE servers as clients parse them. The Go server sends `{urls: string[], username?, credential?}`; Momo
// reads `urls` only as an array (a string there breaks it), the web SDK hands the list to RTCPeerConnection.
import * as v from "valibot";

const UrlsSchema = v.union([
  v.pipe(
    v.string(),
    v.transform((url) => [url]),
  ),
  v.array(v.string()),
]);

/** One ICE server; fields other than these three are kept as received. */
const IceServerSchema = v.looseObject({
  urls: UrlsSchema,
  username: v.optional(v.string()),
  credential: v.optional(v.string()),
});

export type IceServer = v.InferOutput<typeof IceServerSchema>;

/** One server or a list of them (Cloudflare's TURN API answers either), always as a list. */
export const IceServerListSchema = v.union([
  v.array(IceServerSchema),
  v.pipe(
    IceServerSchema,
    v.transform((server) => [server]),
  ),
]);

const WithStringUrls = v.looseObject({ urls: v.string() });

/**
 * `iceServers` for `accept`: a string `urls` becomes a one-element array, and a single server object becomes
 * a list of one (neither client reads anything but a list). Everything else is copied as received.
 */
export function iceServersForAccept(iceServers: unknown): unknown {
  if (Array.isArray(iceServers)) return iceServers.map(wrapUrls);
  if (v.is(IceServerSchema, iceServers)) return [wrapUrls(iceServers)];
  return iceServers;
}

function wrapUrls(server: unknown): unknown {
  // The spread keeps the order of the fields; only the value of `urls` changes.
  return v.is(WithStringUrls, server) ? { ...server, urls: [server.urls] } : server;
}
