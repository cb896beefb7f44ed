import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import { visibleUserId } from '../access/worker-pseudonyms.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { loadVisibleProject } from './project-access.js';

export const MAX_GUIDELINE_BYTES = 512 * 1024;

export async function currentGuideline(db: Kysely<Database> | Transaction<Database>, projectId: number) {
  return db
    .selectFrom('guideline_versions')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Publishes a new version of a project's guidelines (Markdown). Versions are never edited: every answer records
 * the version its worker saw, which is the evidence the annotation rules ask for.
 */
export async function publishGuideline(ctx: Context, actor: Actor, projectId: number, body: string) {
  if (body.trim() === '') throw invalid('empty_guideline', 'body: the guideline must not be empty', { field: 'body' });
  if (Buffer.byteLength(body) > MAX_GUIDELINE_BYTES) {
    throw invalid('guideline_too_large', `body: at most ${MAX_GUIDELINE_BYTES} bytes`, { field: 'body', limit: MAX_GUIDELINE_BYTES });
  }
  await loadVisibleProject(ctx, actor, projectId);
  const now = ctx.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const current = await currentGuideline(trx, projectId);
    const version = (current?.version ?? 0) + 1;
    await trx
      .insertInto('guideline_versions')
      .values({ project_id: projectId, version, body, created_by: actor.userId, created_at: now })
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'guideline.published',
      entityType: 'project',
      entityId: projectId,
      data: { version, bytes: Buffer.byteLength(body) },
      at: now,
    });
    return { version, body, createdAt: new Date(now).toISOString() };
  });
}

export async function listGuidelineVersions(ctx: Context, actor: Actor, projectId: number) {
  await loadVisibleProject(ctx, actor, projectId);
  const rows = await ctx.db.kysely
    .selectFrom('guideline_versions')
    .select(['version', 'created_at', 'created_by'])
    .where('project_id', '=', projectId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, createdAt: new Date(r.created_at).toISOString(), createdBy: visibleUserId(actor, r.created_by) }));
}
