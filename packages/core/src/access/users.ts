import { isUniqueViolation, ROLES, type Role } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Context } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { hashPassword } from './password.js';
import { checkNewPassword } from './password-rules.js';

export { MIN_PASSWORD_LENGTH } from './password-rules.js';

/**
 * The installation's first organisation (the lowest id): where users go when no organisation is named, and whose
 * admins administer the installation (core/src/organizations). Created on first need.
 */
export async function defaultOrgId(ctx: Context): Promise<number> {
  const first = () => ctx.db.kysely.selectFrom('organizations').select('id').orderBy('id').limit(1).executeTakeFirst();
  const row = await first();
  if (row) return row.id;
  // Two first starts at once: the unique name lets one insert win, and both then read the same row.
  await ctx.db.kysely
    .insertInto('organizations')
    .values({ name: 'Default', created_at: ctx.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await first())!.id;
}

export interface NewUser {
  email: string;
  password: string;
  role: string;
  name?: string;
  /** The organisation the user belongs to; the installation's first one when left out. */
  orgId?: number;
}

/** Creates a user in the given organisation (default: the first). Emails are unique and compared lower-cased. */
export async function createUser(ctx: Context, input: NewUser, actorId: number | null = null) {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalid('invalid_email', `"${input.email}" is not an email address`, { field: 'email', email: input.email });
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw invalid('invalid_role', `role must be one of ${ROLES.join(', ')}; got "${input.role}"`, { field: 'role', role: input.role, allowed: [...ROLES] });
  }
  checkNewPassword(input.password);
  const orgId = input.orgId ?? (await defaultOrgId(ctx));
  if (input.orgId !== undefined && !(await ctx.db.kysely.selectFrom('organizations').select('id').where('id', '=', orgId).executeTakeFirst())) {
    throw notFound('organization', orgId);
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({
          org_id: orgId,
          email,
          name: input.name?.trim() || email.split('@')[0] || email,
          role: input.role as Role,
          password_hash: passwordHash,
          disabled: 0,
          created_at: ctx.now(),
        })
        .returning(['id', 'email', 'name', 'role', 'org_id'])
        .executeTakeFirstOrThrow();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId,
        actorId,
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        data: { email, role: input.role },
        at: ctx.now(),
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('email_taken', `a user with email ${email} already exists`, { field: 'email', email });
    throw error;
  }
}

export async function findUserByEmail(ctx: Context, email: string) {
  return ctx.db.kysely.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}
