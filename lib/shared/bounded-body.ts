/**
 * Reads a body chunk by chunk and stops at `max` bytes, cancelling the rest:
 * one rule for what we accept (lib/http.ts) and what we read back from a
 * provider (lib/smoke/http-attempt.ts).
 */
export async function readUpTo(body: ReadableStream<Uint8Array> | null, max: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  if (!body) return { bytes: Buffer.alloc(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(value);
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}
