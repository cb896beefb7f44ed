import type { MediaRow } from '@biaozhu/storage';
import sharp from 'sharp';
import { DomainError } from '../errors.js';
import { thumbnailKey } from './media-keys.js';
import { readWhole, type MediaStore } from './media-store.js';

/** The longest side of a task-browser thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 160;

/** The longest side of an image sharp is asked to decode: a decompression bomb (a tiny PNG of 50,000² pixels) stops here. */
const MAX_INPUT_PIXELS = 268_402_689;

/**
 * Makes a WebP thumbnail (at most THUMBNAIL_SIZE on its longest side, never enlarged, EXIF orientation applied) of
 * an image's bytes.
 */
export async function makeThumbnail(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 70 })
    .toBuffer();
}

/**
 * The key of the image's thumbnail, made from the original and stored beside it the first time it is asked for
 * (every later request, on any server sharing the store, reads the stored one).
 */
export async function ensureThumbnail(store: MediaStore, media: MediaRow): Promise<string> {
  const key = thumbnailKey(media.sha256, THUMBNAIL_SIZE);
  if ((await store.size(key)) !== undefined) return key;
  const original = await readWhole(store, media.key);
  if (!original) throw new DomainError('not_found', 'media_bytes_missing', `the stored bytes of media ${media.id} are missing from the media store`, { id: media.id });
  let thumbnail: Buffer;
  try {
    thumbnail = await makeThumbnail(original);
  } catch (error) {
    throw new DomainError('invalid', 'thumbnail_failed', `no thumbnail can be made of media ${media.id}: ${(error as Error).message}`, { id: media.id });
  }
  await store.put(key, thumbnail, 'image/webp');
  return key;
}
