import type { Readable } from 'node:stream';

/** A byte range of an object, both ends included (as HTTP `Range: bytes=start-end` says it). */
export interface ByteRange {
  start: number;
  end: number;
}

/** An object read from the store: its bytes as a stream, and the whole object's size. */
export interface StoredObject {
  body: Readable;
  size: number;
}

/**
 * Where media bytes live: a local folder (the default) or an S3-compatible bucket, so several servers share media.
 * Keys are content addressed (media-keys.ts), so `put` of a key that exists writes the same bytes again and
 * callers may skip it. Implementations hold no database state: the `media` table says which project owns what.
 */
export interface MediaStore {
  /** `local` or `s3`, for logs and the health of an installation. */
  readonly kind: 'local' | 's3';
  /** Stores the bytes under the key; when this resolves the object is durable and readable by every server. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object's size, or undefined when there is none. */
  size(key: string): Promise<number | undefined>;
  /** The object (or one range of it); undefined when there is none. */
  read(key: string, range?: ByteRange): Promise<StoredObject | undefined>;
  /** Removes the object; nothing happens when there is none. */
  delete(key: string): Promise<void>;
}

/** Reads a whole object into memory (thumbnails are made from the original). */
export async function readWhole(store: MediaStore, key: string): Promise<Buffer | undefined> {
  const object = await store.read(key);
  if (!object) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
