import type { Context } from '../context.js';
import { DomainError, invalid, notFound } from '../errors.js';
import type { Media } from './media-settings.js';
import { presignRead } from './s3-media-store.js';

/** An object named in task data as `s3://bucket/key`. */
export interface S3Ref {
  bucket: string;
  key: string;
}

/** Reads `s3://bucket/key`, or undefined for anything else. */
export function parseS3Ref(value: string): S3Ref | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(value);
  if (!match) return undefined;
  return { bucket: match[1]!, key: match[2]! };
}

/** Whether a task's data holds the string anywhere (any key, nested objects and arrays). */
function holds(value: unknown, wanted: string): boolean {
  if (value === wanted) return true;
  if (Array.isArray(value)) return value.some((v) => holds(v, wanted));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => holds(v, wanted));
  return false;
}

/**
 * A short-lived presigned GET URL for an `s3://` reference in the data of a task of the project. Only references
 * the task really holds are signed (a member cannot have any object of the bucket signed by naming it), and only in
 * the buckets the installation allows (BIAOZHU_MEDIA_S3_REF_BUCKETS).
 */
export async function presignTaskRef(ctx: Context, media: Media, projectId: number, taskId: number, ref: string): Promise<string> {
  const parsed = parseS3Ref(ref);
  if (!parsed) throw invalid('invalid_s3_ref', 'ref: an object reference of the form s3://bucket/key', { field: 'ref' });
  const task = await ctx.db.reader.selectFrom('tasks').select('data').where('id', '=', taskId).where('project_id', '=', projectId).executeTakeFirst();
  if (!task) throw notFound('task', taskId);
  if (!holds(JSON.parse(task.data) as unknown, ref)) throw notFound('s3_ref', ref);
  if (!media.refs || !media.refs.buckets.has(parsed.bucket)) {
    throw new DomainError('not_found', 's3_bucket_not_configured', `bucket ${parsed.bucket} is not one this installation reads (BIAOZHU_MEDIA_S3_REF_BUCKETS)`, {
      bucket: parsed.bucket,
    });
  }
  return presignRead(media.refs.client, parsed.bucket, parsed.key, media.refs.seconds);
}
