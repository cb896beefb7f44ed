import { isUniqueViolation } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { requireInstallationAdmin } from './installation-admin.js';

export const MAX_ORGANIZATION_NAME = 200;

export interface OrganizationView {
  id: number;
  name: string;
  createdAt: string;
}

/**
 * Creates an organisation: a tenant whose users, projects, teams, jobs and audit chain no other organisation sees.
 * `actor` is the installation admin who asked (checked), or null for the CLI. The organisation's audit chain starts
 * with its creation. It has no users yet: add its first admin with `biaozhu user add --org ID` or
 * `POST /api/users` with `orgId`.
 */
export async function createOrganization(ctx: Context, actor: Actor | null, name: string): Promise<OrganizationView> {
  if (actor) await requireInstallationAdmin(ctx, actor);
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > MAX_ORGANIZATION_NAME) {
    throw invalid('invalid_name', `name: 1 to ${MAX_ORGANIZATION_NAME} characters`, { field: 'name', min: 1, max: MAX_ORGANIZATION_NAME });
  }
  const now = ctx.now();
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const org = await trx.insertInto('organizations').values({ name: trimmed, created_at: now }).returning(['id', 'name', 'created_at']).executeTakeFirstOrThrow();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: org.id,
        actorId: actor?.userId ?? null,
        action: 'organization.created',
        entityType: 'organization',
        entityId: org.id,
        data: { name: trimmed, ...(actor ? { byOrgId: actor.orgId } : { by: 'cli' }) },
        at: now,
      });
      return { id: org.id, name: org.name, createdAt: new Date(org.created_at).toISOString() };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('organization_exists', `an organisation named "${trimmed}" already exists`, { field: 'name', name: trimmed });
    throw error;
  }
}
