import type { Context } from '../context.js';
import { mediaImageReader } from '../media/media-image-reader.js';
import { chainImageReaders, urlImageReader, type ImageReader } from './image-reader.js';

const urls = urlImageReader();

/**
 * Where an image export of one project reads its image files (image-reader.ts), whoever runs it (the server's routes
 * and jobs, the CLI): that project's stored media and allowed `s3://` objects first, then URLs (http, https, data).
 */
export function exportImageReader(ctx: Context, projectId: number): ImageReader {
  return chainImageReaders(mediaImageReader(ctx, projectId), urls);
}
