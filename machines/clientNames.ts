// How a client names itself in `register` (`ayameClient`, `libwebrtc`: Momo sends both, the web SDK neither), as
// its connection keeps the names for the summary line and the data point. The names are the client's own words of
// any length, and they live in the socket's attachment (16 KiB at most) and in every summary line and data point,
// so at most CLIENT_NAME_MAX_CHARS characters of each are kept; the authentication webhook still gets them whole.

/** Real names are short (Momo: `Momo 2025.1.3`, `Shiguredo-Build M138.7204.0.1`); 64 code points ≤ 256 bytes. */
export const CLIENT_NAME_MAX_CHARS = 64;

/** The name as kept: its first CLIENT_NAME_MAX_CHARS code points (never half a surrogate pair), null for none. */
export function clientName(name: string | undefined): string | null {
  if (name === undefined || name === "") return null;
  if (name.length <= CLIENT_NAME_MAX_CHARS) return name;
  let kept = "";
  let count = 0;
  for (const char of name) {
    if (count === CLIENT_NAME_MAX_CHARS) break;
    kept += char;
    count += 1;
  }
  return kept;
}
