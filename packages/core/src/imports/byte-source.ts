import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DomainError, invalid } from '../errors.js';

/** Default ceiling for what a gzip file may inflate to. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 ** 3;
/** A gzip stream may inflate at most this many times its compressed size... */
export const MAX_GZIP_RATIO = 200;
/** ...once it has produced this much output (small files legitimately compress very well). */
export const GZIP_RATIO_GRACE_BYTES = 10 * 1024 * 1024;
/** How many leading bytes are inspected for NUL bytes and format sniffing. */
export const HEAD_BYTES = 1024;

/** The decompressed byte stream of an import, with its first bytes available for sniffing. */
export interface PreparedInput {
  head: Uint8Array;
  chunks: AsyncIterable<Uint8Array>;
  gzipped: boolean;
}

interface PrepareOptions {
  maxDecompressedBytes?: number;
  onProgress?: (bytesRead: number) => void;
}

/**
 * Turns raw upload bytes into the plain byte stream the format readers consume: gunzips on the fly when the bytes
 * start with the gzip magic (with size and ratio limits so a gzip bomb fails cleanly), and rejects empty and binary
 * files before any record is read.
 */
export async function prepareInput(input: AsyncIterable<Uint8Array>, options: PrepareOptions): Promise<PreparedInput> {
  const counter = { bytes: 0 };
  const raw = countBytes(input, counter, options.onProgress);
  const rawPeek = await peek(raw, 2);
  const gzipped = rawPeek.head[0] === 0x1f && rawPeek.head[1] === 0x8b;
  const plain = gzipped
    ? gunzip(rawPeek.chunks, counter, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES)
    : rawPeek.chunks;
  const { head, chunks } = await peek(plain, HEAD_BYTES);
  if (head.length === 0) {
    throw invalid('empty_file', gzipped ? 'the file is empty (the gzip data holds no bytes)' : 'the file is empty', { line: 1, byte: 0 });
  }
  checkNotBinary(head);
  return { head, chunks, gzipped };
}

function checkNotBinary(head: Uint8Array): void {
  const b0 = head[0];
  const b1 = head[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw invalid('binary_file', 'the file is UTF-16 text (line 1, byte 0); save it as UTF-8 and import it again', { line: 1, byte: 0 });
  }
  const ascii = String.fromCharCode(...head.subarray(0, 4));
  if (ascii === 'PK\u0003\u0004') {
    throw invalid('binary_file', 'the file is a zip archive (an .xlsx workbook is one); export it as CSV, or upload it as an image archive', { line: 1, byte: 0 });
  }
  if (ascii === 'PAR1') {
    throw invalid('binary_file', 'the file is Parquet; import it with the parquet format', { line: 1, byte: 0 });
  }
  const nul = head.indexOf(0);
  if (nul !== -1) {
    const line = 1 + countNewlines(head.subarray(0, nul));
    throw invalid('binary_file', `the file is binary, not text: it holds a NUL byte at line ${line}, byte ${nul}`, { line, byte: nul });
  }
}

/** Counts 0x0A bytes. */
export function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  let i = bytes.indexOf(0x0a);
  while (i !== -1) {
    n += 1;
    i = bytes.indexOf(0x0a, i + 1);
  }
  return n;
}

async function* countBytes(
  input: AsyncIterable<Uint8Array>,
  counter: { bytes: number },
  onProgress: ((bytesRead: number) => void) | undefined,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    if (chunk.length === 0) continue;
    counter.bytes += chunk.length;
    onProgress?.(counter.bytes);
    yield chunk;
  }
}

/**
 * Reads chunks until at least `n` bytes (or the end) are buffered, and returns them with a stream that replays them
 * followed by the rest, so sniffing never loses bytes.
 */
async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  const all = Buffer.concat(buffered);
  const head = all.subarray(0, Math.min(n, all.length));
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      if (all.length > 0) yield all;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      if (!done) await iterator.return?.();
    }
  }
  return { head, chunks: replay() };
}

async function* gunzip(source: AsyncIterable<Uint8Array>, counter: { bytes: number }, maxBytes: number): AsyncGenerator<Uint8Array> {
  const inflater = createGunzip();
  const stream = pipeline(Readable.from(source, { objectMode: false }), inflater, () => {
    // Errors reach the consumer through the async iterator below.
  });
  let out = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > maxBytes) {
        throw new DomainError('too_large', 'decompressed_too_large', `the gzip file inflates to more than ${maxBytes} bytes, the limit`, {
          limit: maxBytes,
          byte: out,
        });
      }
      if (out > GZIP_RATIO_GRACE_BYTES && out > MAX_GZIP_RATIO * counter.bytes) {
        throw new DomainError(
          'too_large',
          'decompression_ratio_exceeded',
          `the gzip file inflates more than ${MAX_GZIP_RATIO} times its size (${counter.bytes} bytes became over ${out}); it looks like a gzip bomb`,
          { ratio: MAX_GZIP_RATIO, byte: out },
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw invalid('bad_gzip', `the gzip data is corrupt or truncated after ${out} decompressed bytes (byte ${out}): ${(error as Error).message}`, {
        byte: out,
      });
    }
    throw error;
  } finally {
    stream.destroy();
  }
}
