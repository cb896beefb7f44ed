/**
 * The Content-Type a stored image is served with, by the format image-size found in its bytes (never by the file
 * name, and never `image/svg+xml`: SVG can carry scripts, so SVG files are not images here).
 */
const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heif: 'image/heif',
};

/** The content type for an image-size type, or undefined for a format the product does not serve. */
export function contentTypeOf(imageType: string): string | undefined {
  return CONTENT_TYPES[imageType];
}
