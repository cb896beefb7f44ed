import { defaultOrgId } from '../access/users.js';
import type { Actor, Context } from '../context.js';
import { forbidden, notFound } from '../errors.js';

/**
 * The installation's admins are the admins of its first organisation (the one `biaozhu user add` fills when no
 * `--org` is given, and where the demo lives): the operator who installed Biaozhu. They alone create organisations
 * and add users to organisations other than their own; everything else an admin does stays inside their own
 * organisation. The CLI acts with the installation's authority (it needs the database, i.e. the server's machine).
 */
export async function isInstallationAdmin(ctx: Context, actor: Actor): Promise<boolean> {
  return actor.role === 'admin' && actor.orgId === (await defaultOrgId(ctx));
}

export async function requireInstallationAdmin(ctx: Context, actor: Actor): Promise<void> {
  if (!(await isInstallationAdmin(ctx, actor))) {
    throw forbidden('installation_admin_only', 'only an admin of the installation (its first organisation) may manage organisations');
  }
}

/**
 * The organisation a user created by `actor` goes into: their own when none is named; another one only for an
 * installation admin, and only one that exists.
 */
export async function organizationForNewUser(ctx: Context, actor: Actor, orgId: number | undefined): Promise<number> {
  if (orgId === undefined || orgId === actor.orgId) return actor.orgId;
  await requireInstallationAdmin(ctx, actor);
  const org = await ctx.db.kysely.selectFrom('organizations').select('id').where('id', '=', orgId).executeTakeFirst();
  if (!org) throw notFound('organization', orgId);
  return org.id;
}
