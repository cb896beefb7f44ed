import type { AccountView } from '@biaozhu/contract';
import type { Role } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';

const COLUMNS = ['id', 'email', 'phone', 'name', 'role', 'disabled', 'must_change_password', 'created_at'] as const;

function toView(row: { id: number; email: string | null; phone: string | null; name: string; role: Role; disabled: number; must_change_password: number; created_at: number }): AccountView {
  return {
    id: row.id,
    email: row.email,
    phone: row.phone,
    name: row.name,
    role: row.role,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The users of the actor's organisation, oldest first. */
export async function listUsers(ctx: Context, actor: Actor): Promise<AccountView[]> {
  const rows = await ctx.db.reader.selectFrom('users').select(COLUMNS).where('org_id', '=', actor.orgId).orderBy('id').execute();
  return rows.map(toView);
}

/** The actor's own account (`GET /api/auth/me`). */
export async function getOwnAccount(ctx: Context, actor: Actor): Promise<AccountView> {
  return toView(await ctx.db.reader.selectFrom('users').select(COLUMNS).where('id', '=', actor.userId).executeTakeFirstOrThrow());
}
