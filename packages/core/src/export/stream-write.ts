import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes a chunk and, when the stream's buffer is full, waits until it drains or closes (its reader went away):
 * a producer that awaits this never runs ahead of the reader. Throws once the stream is destroyed.
 */
export async function writeWithBackpressure(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed) throw new Error('the export was abandoned');
  if (out.write(chunk)) return;
  // Whichever comes first; the other listener is removed, so none piles up over a long export.
  const settled = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: settled.signal }), once(out, 'close', { signal: settled.signal })]);
  } finally {
    settled.abort();
  }
}
