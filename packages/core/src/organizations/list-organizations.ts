import type { Actor, Context } from '../context.js';
import { requireInstallationAdmin } from './installation-admin.js';
import type { OrganizationView } from './create-organization.js';

export interface OrganizationSummary extends OrganizationView {
  users: number;
  projects: number;
}

/** Every organisation of the installation with its number of users and projects; for installation admins (or the CLI: null). */
export async function listOrganizations(ctx: Context, actor: Actor | null): Promise<OrganizationSummary[]> {
  if (actor) await requireInstallationAdmin(ctx, actor);
  const rows = await ctx.db.kysely
    .selectFrom('organizations as o')
    .select((eb) => [
      'o.id',
      'o.name',
      'o.created_at',
      eb.selectFrom('users').select(eb.fn.countAll<number>().as('n')).whereRef('users.org_id', '=', 'o.id').as('users'),
      eb.selectFrom('projects').select(eb.fn.countAll<number>().as('n')).whereRef('projects.org_id', '=', 'o.id').as('projects'),
    ])
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at).toISOString(), users: Number(r.users), projects: Number(r.projects) }));
}
