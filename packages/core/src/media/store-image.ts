import { createHash } from 'node:crypto';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import type { ImageFile } from '../imports/index.js';
import { contentTypeOf } from './content-types.js';
import { originalKey, thumbnailKey } from './media-keys.js';
import type { MediaStore } from './media-store.js';
import { THUMBNAIL_SIZE } from './thumbnail.js';

/** A stored image: its media row id, and whether this call made the row (a repeat of known bytes does not). */
export interface StoredImage {
  id: number;
  created: boolean;
}

/**
 * Stores one image of an upload for a project: the bytes go to the media store under their SHA-256 (skipped when
 * the store already has them, so identical images are stored once), then the project's `media` row is made, or the
 * existing row of the same bytes is reused. The object is written before the row, so a row never names bytes that
 * are not there.
 */
export async function storeImage(ctx: Context, store: MediaStore, actor: Actor, projectId: number, file: ImageFile): Promise<StoredImage> {
  const contentType = contentTypeOf(file.type);
  if (contentType === undefined) {
    throw invalid('unsupported_image', `${file.name}: images of type ${file.type} are not stored (jpg, png, gif, webp, bmp, tiff, avif, heif)`, {
      file: file.name,
      type: file.type,
    });
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const existing = await findRow(ctx, projectId, sha256);
  if (existing) return { id: existing, created: false };
  const key = originalKey(sha256);
  if ((await store.size(key)) !== file.bytes.length) await store.put(key, file.bytes, contentType);
  const inserted = await ctx.db.kysely
    .insertInto('media')
    .values({
      project_id: projectId,
      key,
      sha256,
      content_type: contentType,
      byte_size: file.bytes.length,
      width: file.width,
      height: file.height,
      original_name: file.name,
      created_at: ctx.now(),
      created_by: actor.userId,
    })
    .onConflict((oc) => oc.columns(['project_id', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  // Another import of the same project stored the same bytes meanwhile.
  return { id: (await findRow(ctx, projectId, sha256))!, created: false };
}

async function findRow(ctx: Context, projectId: number, sha256: string): Promise<number | undefined> {
  const row = await ctx.db.kysely.selectFrom('media').select('id').where('project_id', '=', projectId).where('sha256', '=', sha256).executeTakeFirst();
  return row?.id;
}

/**
 * Takes back images stored by an import that then failed: their rows, and their objects where no other row (of any
 * project) still holds the same bytes, with the thumbnail beside each (the task browser may have asked for it while
 * the import ran, since the thumbnail route makes it on first request). Rows that existed before the import are never
 * in `ids`.
 */
export async function forgetImages(ctx: Context, store: MediaStore, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await ctx.db.kysely.selectFrom('media').select(['id', 'sha256', 'key']).where('id', 'in', slice).execute();
    if (rows.length === 0) continue;
    await ctx.db.kysely.deleteFrom('media').where('id', 'in', slice).execute();
    for (const row of rows) {
      const still = await ctx.db.kysely.selectFrom('media').select('id').where('sha256', '=', row.sha256).limit(1).executeTakeFirst();
      if (still) continue;
      await store.delete(row.key);
      await store.delete(thumbnailKey(row.sha256, THUMBNAIL_SIZE));
    }
  }
}
