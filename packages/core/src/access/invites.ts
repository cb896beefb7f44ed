import type { Database, Transaction } from '@biaozhu/storage';
import type { Context } from '../context.js';
import { DomainError, forbidden, invalid } from '../errors.js';
import { SESSION_TTL_MS, type LoginResult } from './login.js';
import { auditUserEvent } from './org-user.js';
import { hashPassword } from './password.js';
import { checkNewPassword } from './password-rules.js';
import { MAX_NAME_LENGTH } from './roster-check.js';
import { hashSecret, newSecret } from './secrets.js';

/** How long an invitation link works: a week, long enough for a class to get round to it, short enough to age out. */
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Opens an invitation for a user just created (in the caller's transaction) and returns its token, shown once: only
 * its SHA-256 is stored.
 */
export async function openInvite(trx: Transaction<Database>, ctx: Context, invite: { orgId: number; userId: number; createdBy: number | null }) {
  const token = newSecret(32);
  const expiresAt = ctx.now() + INVITE_TTL_MS;
  await trx
    .insertInto('user_invites')
    .values({ token_hash: hashSecret(token), org_id: invite.orgId, user_id: invite.userId, created_by: invite.createdBy, created_at: ctx.now(), expires_at: expiresAt, used_at: null })
    .execute();
  return { token, expiresAt };
}

/** Ends the open invitations of a user (their password was reset: the admin chose the other way in). */
export async function closeInvites(trx: Transaction<Database>, userId: number, at: number): Promise<void> {
  await trx.updateTable('user_invites').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

export interface InviteView {
  /** Null for a phone-only account, which logs in with `phone`. */
  email: string | null;
  phone: string | null;
  name: string;
  organization: string;
  expiresAt: string;
}

const inviteUsed = () => new DomainError('gone', 'invite_used', 'this invitation has been used already; log in, or ask for a new one');
const inviteExpired = () => new DomainError('gone', 'invite_expired', 'this invitation has expired; ask for a new one');

async function readInvite(ctx: Context, token: string) {
  const invite = await ctx.db.kysely
    .selectFrom('user_invites')
    .innerJoin('users', 'users.id', 'user_invites.user_id')
    .innerJoin('organizations', 'organizations.id', 'user_invites.org_id')
    .select(['user_invites.token_hash', 'user_invites.user_id', 'user_invites.org_id', 'user_invites.expires_at', 'user_invites.used_at', 'users.email', 'users.phone', 'users.name', 'users.role', 'users.disabled', 'organizations.name as organization'])
    .where('user_invites.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!invite) throw new DomainError('not_found', 'invite_not_found', 'this invitation link is not known; check that it was copied whole');
  if (invite.used_at !== null) throw inviteUsed();
  if (invite.expires_at <= ctx.now()) throw inviteExpired();
  if (invite.disabled) throw forbidden('account_disabled', 'this account is disabled; ask an administrator');
  return invite;
}

/** What the invitation page shows before the invitee chooses a name and password. Unknown, used or expired: an error. */
export async function lookupInvite(ctx: Context, token: string): Promise<InviteView> {
  const invite = await readInvite(ctx, token);
  return { email: invite.email, phone: invite.phone, name: invite.name, organization: invite.organization, expiresAt: new Date(invite.expires_at).toISOString() };
}

/**
 * Accepts an invitation: the invitee's name and password are set, the invitation is used up (a conditional update,
 * so two tabs accepting at once cannot both succeed) and a session opens, as a login would.
 */
export async function acceptInvite(ctx: Context, input: { token: string; name: string; password: string }, clientAddress: string): Promise<LoginResult> {
  const name = input.name.trim();
  if (!name || name.length > MAX_NAME_LENGTH) throw invalid('invalid_name', `name: 1 to ${MAX_NAME_LENGTH} characters`, { field: 'name', min: 1, max: MAX_NAME_LENGTH });
  checkNewPassword(input.password, 'password');
  const invite = await readInvite(ctx, input.token);
  const hash = await hashPassword(input.password);
  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const now = ctx.now();
  const expiresAt = now + SESSION_TTL_MS;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('user_invites')
      .set({ used_at: now })
      .where('token_hash', '=', invite.token_hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw inviteUsed();
    await trx.updateTable('users').set({ name, password_hash: hash, must_change_password: 0, last_login_at: now }).where('id', '=', invite.user_id).execute();
    await trx.insertInto('sessions').values({ id: hashSecret(sessionToken), user_id: invite.user_id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
    await auditUserEvent(trx, ctx, { orgId: invite.org_id, actorId: invite.user_id, userId: invite.user_id, action: 'user.invite_accepted', data: { address: clientAddress } });
  });
  return { sessionToken, csrfToken, expiresAt, user: { id: invite.user_id, email: invite.email, phone: invite.phone, name, role: invite.role, mustChangePassword: false } };
}
