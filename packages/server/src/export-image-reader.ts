import { chainImageReaders, mediaImageReader, urlImageReader, type Context, type ImageReader } from '@biaozhu/core';

const urls = urlImageReader();

/**
 * Where an image export of one project reads its image files (core/src/export/image-reader.ts): that project's
 * stored media and allowed `s3://` objects first, then URLs (http, https, data).
 */
export function exportImageReader(ctx: Context, projectId: number): ImageReader {
  return chainImageReaders(mediaImageReader(ctx, projectId), urls);
}
