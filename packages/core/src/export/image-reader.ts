import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';

/**
 * Where an image export gets an image's bytes: given the reference in a task's data (a URL, or whatever the stored
 * media store names its files by), a readable stream of the image, or null when this reader does not know the
 * reference or the image is gone (the export then writes the annotations without the file and counts it as
 * missing). The server provides it, so stored media plug in beside URLs with `chainImageReaders(media, urls)`.
 */
export type ImageReader = (reference: string, signal: AbortSignal) => Promise<Readable | null>;

/** The first reader that has the image; each is asked in turn. */
export function chainImageReaders(...readers: ImageReader[]): ImageReader {
  return async (reference, signal) => {
    for (const read of readers) {
      const stream = await read(reference, signal);
      if (stream !== null) return stream;
    }
    return null;
  };
}

/**
 * Reads `data:` URLs (base64 or percent-encoded) and fetches `http:`/`https:` URLs (10 s to answer); other
 * references, a failed fetch and a non-2xx answer give null. The URLs are the project's own task data, which only
 * its managers import; a server that must not reach some addresses should block them at its network edge.
 */
export function urlImageReader(options: { timeoutMs?: number } = {}): ImageReader {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (reference, signal) => {
    if (reference.startsWith('data:')) return dataUrl(reference);
    if (!/^https?:\/\//i.test(reference)) return null;
    try {
      const response = await fetch(reference, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), redirect: 'follow' });
      if (!response.ok || response.body === null) {
        await response.body?.cancel();
        return null;
      }
      return Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
    } catch {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(`image export stopped (${String(signal.reason)})`);
      return null;
    }
  };
}

function dataUrl(reference: string): Readable | null {
  const comma = reference.indexOf(',');
  if (comma < 0) return null;
  const meta = reference.slice(5, comma);
  const body = reference.slice(comma + 1);
  try {
    const bytes = meta.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'latin1');
    return Readable.from([bytes]);
  } catch {
    return null;
  }
}

/**
 * Reads one image whole (the export needs its size when no region states it, and the zip its length), refusing
 * one over `maxBytes`: null then, as for a missing image.
 */
export async function readImageBytes(read: ImageReader, reference: string, signal: AbortSignal, maxBytes: number): Promise<Buffer | null> {
  const stream = await read(reference, signal);
  if (stream === null) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size > maxBytes) {
        stream.destroy();
        return null;
      }
      chunks.push(b);
    }
  } catch {
    if (signal.aborted) throw new Error(`image export stopped (${String(signal.reason)})`);
    return null;
  }
  return Buffer.concat(chunks, size);
}
