import { qualityPolicySchema, type QualityPolicy } from '@biaozhu/contract';
import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { formatZodIssues } from '../zod-issues.js';

export const DEFAULT_QUALITY_POLICY: QualityPolicy = qualityPolicySchema.parse({});

/** The stored policy of a project, or the defaults. */
export async function loadQualityPolicy(db: Kysely<Database> | Transaction<Database>, projectId: number): Promise<QualityPolicy> {
  const row = await db.selectFrom('quality_policies').select('policy').where('project_id', '=', projectId).executeTakeFirst();
  return row ? qualityPolicySchema.parse(JSON.parse(row.policy)) : DEFAULT_QUALITY_POLICY;
}

/** Reads a project's quality policy (any role that sees the project). */
export async function getQualityPolicy(ctx: Context, actor: Actor, projectId: number): Promise<QualityPolicy> {
  await loadVisibleProject(ctx, actor, projectId);
  return loadQualityPolicy(ctx.db.reader, projectId);
}

/** Replaces a project's quality policy (missing fields take their defaults); audited. */
export async function setQualityPolicy(ctx: Context, actor: Actor, projectId: number, input: unknown): Promise<QualityPolicy> {
  await loadVisibleProject(ctx, actor, projectId);
  const parsed = qualityPolicySchema.safeParse(input ?? {});
  if (!parsed.success) throw invalid('invalid_quality_policy', formatZodIssues(parsed.error.issues, 'policy'), { field: 'policy' });
  const policy = parsed.data;
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const updated = await trx
      .updateTable('quality_policies')
      .set({ policy: JSON.stringify(policy), updated_by: actor.userId, updated_at: now })
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await trx.insertInto('quality_policies').values({ project_id: projectId, policy: JSON.stringify(policy), updated_by: actor.userId, updated_at: now }).execute();
    }
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'quality_policy.updated',
      entityType: 'project',
      entityId: projectId,
      data: policy,
      at: now,
    });
  });
  return policy;
}
