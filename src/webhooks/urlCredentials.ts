// `https://user:password@host/…` in a webhook URL: the runtime's fetch drops the credentials silently, while
// Ayame's Go client sends them as Basic authentication (net/http, when no Authorization header is set).
// Do the same, so that a URL that worked with Ayame keeps authenticating.

/** The URL without credentials, and the Authorization header they stand for (if any). */
export function splitUrlCredentials(url: string): { url: string; authorization: string | undefined } {
  const parsed = new URL(url);
  if (parsed.username === "" && parsed.password === "") return { url, authorization: undefined };
  const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.href, authorization: `Basic ${base64(new TextEncoder().encode(pair))}` };
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
