import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { Context } from '../context.js';
import type { ImageReader } from '../export/image-reader.js';
import { originalKey } from './media-keys.js';
import { mediaOf } from './media-settings.js';
import { parseS3Ref } from './s3-refs.js';

/**
 * The image reader of one project's exports for what the product stores: `/api/projects/<project>/media/<id>`
 * (the media store) and `s3://bucket/key` in an allowed bucket. Bound to the exported project, so task data that
 * names another project's media route reads nothing (the export counts it as missing) instead of copying that
 * project's image into this one's zip. Anything else answers null for the next reader (URLs).
 */
export function mediaImageReader(ctx: Context, projectId: number): ImageReader {
  const ownRoute = new RegExp(`^/api/projects/${projectId}/media/([0-9]{1,15})$`);
  return async (reference, signal) => {
    const media = ctx.media;
    if (!media) return null;
    const own = ownRoute.exec(reference);
    if (own) {
      const row = await ctx.db.reader
        .selectFrom('media')
        .select('sha256')
        .where('id', '=', Number(own[1]))
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      if (!row) return null;
      const object = await mediaOf(ctx).store.read(originalKey(row.sha256));
      return object?.body ?? null;
    }
    const ref = parseS3Ref(reference);
    if (ref && media.refs?.buckets.has(ref.bucket)) {
      try {
        const answer = await media.refs.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }), { abortSignal: signal });
        return answer.Body instanceof Readable ? answer.Body : null;
      } catch {
        return null; // a missing object is a missing image, counted by the export
      }
    }
    return null;
  };
}
