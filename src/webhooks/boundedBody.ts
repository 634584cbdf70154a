// Reads a webhook's answer body up to a limit. A webhook answer is a small JSON object; a larger one is
// refused rather than buffered, whatever its Content-Length says (it may be absent — chunked — or wrong).

/** The largest webhook answer read, in bytes (docs/webhooks.md). */
export const WEBHOOK_ANSWER_LIMIT_BYTES = 64 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; problem: string };

const TOO_LARGE: BodyResult = { ok: false, problem: `answer larger than ${WEBHOOK_ANSWER_LIMIT_BYTES} bytes` };

export async function readBoundedText(response: Response, limit = WEBHOOK_ANSWER_LIMIT_BYTES): Promise<BodyResult> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await response.body?.cancel();
    return TOO_LARGE;
  }
  if (!response.body) return { ok: true, text: "" };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}
