import type { MediaRow } from '@biaozhu/storage';
import type { Context } from '../context.js';
import { notFound } from '../errors.js';

/**
 * The media row `mediaId` of the project, or a 404 `media_not_found`: an id of another project's image answers as
 * if it did not exist. Who may read the project is decided before this, at the HTTP edge (project-scope.ts).
 */
export async function loadMedia(ctx: Context, projectId: number, mediaId: number): Promise<MediaRow> {
  const row = await ctx.db.reader.selectFrom('media').selectAll().where('id', '=', mediaId).where('project_id', '=', projectId).executeTakeFirst();
  if (!row) throw notFound('media', mediaId);
  return row;
}
