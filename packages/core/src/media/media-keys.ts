/**
 * Object keys of the media store, derived from the SHA-256 of the bytes: identical uploads (in any project) are one
 * object. Two levels of fan-out keep a local folder from holding millions of files in one directory.
 */
export function originalKey(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The thumbnail beside its original (`<key>.thumb-160.webp`), made once on first request. */
export function thumbnailKey(sha256: string, size: number): string {
  return `${originalKey(sha256)}.thumb-${size}.webp`;
}
