import type { CreatedPerson, PersonDelivery, RosterPreview, RosterRowError } from '@biaozhu/contract';
import { isUniqueViolation } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { openInvite } from './invites.js';
import { auditUserEvent } from './org-user.js';
import { hashPassword, NO_PASSWORD_HASH, RANDOM_PASSWORD_SCRYPT_COST } from './password.js';
import { mayGrantAdmin } from './people-rules.js';
import { readPhone } from './phone-number.js';
import { checkRoster, normaliseEmail, normaliseTeamName, type CheckedRow } from './roster-check.js';
import { parseCsv, type CsvRecord } from './roster-csv.js';
import { newInitialPassword } from './secrets.js';

/** Scrypt runs on libuv's four threads: hashing more at once only queues them and holds more memory. */
const HASH_CONCURRENCY = 4;
const LOOKUP_CHUNK = 500;

async function inChunks<T, R>(items: readonly T[], size: number, fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}

/** Checks parsed records against the organisation's teams and the accounts that exist (see checkRoster). */
async function checkAgainstDatabase(ctx: Context, actor: Actor, records: CsvRecord[]) {
  const emails = [...new Set(records.slice(1).flatMap((r) => r.cells.map(normaliseEmail).filter((c) => c.includes('@'))))];
  const phones = [...new Set(records.slice(1).flatMap((r) => r.cells.flatMap((c) => {
    const reading = /\d/.test(c) ? readPhone(c) : null;
    return reading && 'phone' in reading ? [reading.phone] : [];
  })))];
  const db = ctx.db.kysely;
  const existingEmails = await inChunks(emails, LOOKUP_CHUNK, async (chunk) =>
    (await db.selectFrom('users').select('email').where('email', 'in', chunk).execute()).map((u) => u.email ?? ''));
  // Phones are unique per organisation (migration 0025): another organisation's worker may hold the same number.
  const existingPhones = await inChunks(phones, LOOKUP_CHUNK, async (chunk) =>
    (await db.selectFrom('users').select('phone').where('org_id', '=', actor.orgId).where('phone', 'in', chunk).execute()).map((u) => u.phone ?? ''));
  const teams = await db.selectFrom('teams').select(['id', 'name']).where('org_id', '=', actor.orgId).execute();
  return checkRoster(records, {
    teams: new Map(teams.map((t) => [normaliseTeamName(t.name), t.id])),
    existingEmails: new Set(existingEmails),
    existingPhones: new Set(existingPhones),
    mayGrantAdmin: mayGrantAdmin(actor),
  });
}

function parseRoster(csv: string): CsvRecord[] {
  const { records, fault } = parseCsv(csv);
  if (fault) throw invalid('invalid_csv', `line ${fault.line}: ${fault.message}; nothing was imported`, { line: fault.line });
  return records;
}

/**
 * What a roster (CSV: name, email, phone, role, team, worker_kind) would create, and every fault by row and column.
 * Writes nothing.
 */
export async function previewRoster(ctx: Context, actor: Actor, csv: string): Promise<RosterPreview> {
  const { rows, errors } = await checkAgainstDatabase(ctx, actor, parseRoster(csv));
  return {
    rows: rows.map((r) => ({ row: r.row, name: r.name, email: r.email, phone: r.phone, role: r.role, team: r.team, workerKind: r.workerKind })),
    errors,
  };
}

const rosterRefused = (errors: RosterRowError[]) =>
  invalid('roster_invalid', `${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more faults)` : ''}; nothing was imported`, {
    errors,
    row: errors[0]!.row,
    column: errors[0]!.column,
    count: errors.length,
  });

/**
 * Imports a roster: every row is checked first, and if any row has a fault nothing is written (400 `roster_invalid`
 * listing every fault by row and column). Otherwise all accounts, their team memberships, invitations and audit
 * events are written in one transaction. Initial passwords (delivery `password`, to be changed at first login) or
 * invitation tokens (delivery `invite`) are returned this once.
 */
export async function importRoster(ctx: Context, actor: Actor, csv: string, delivery: PersonDelivery): Promise<CreatedPerson[]> {
  const { rows, errors } = await checkAgainstDatabase(ctx, actor, parseRoster(csv));
  if (errors.length > 0) throw rosterRefused(errors);
  if (rows.length === 0) throw invalid('roster_empty', 'the roster has a header but no rows; nothing was imported', { row: 1 });
  return writePeople(ctx, actor, rows, delivery, 'roster');
}

export interface NewPerson {
  name: string;
  /** An email, a phone or both: either is a login name. */
  email?: string | undefined;
  phone?: string | undefined;
  role: string;
  /** A team name of the organisation. */
  team?: string | undefined;
  workerKind?: string | undefined;
}

const FIELD_OF: Record<string, string> = { worker_kind: 'workerKind' };

/**
 * Creates one account through the same checks as a roster row; a fault is a 400 (409 for a taken email or phone)
 * naming the field. Returns the initial password or the invitation token, once.
 */
export async function createPerson(ctx: Context, actor: Actor, person: NewPerson, delivery: PersonDelivery): Promise<CreatedPerson> {
  const records: CsvRecord[] = [
    { line: 1, cells: ['name', 'email', 'phone', 'role', 'team', 'worker_kind'] },
    { line: 2, cells: [person.name, person.email ?? '', person.phone ?? '', person.role, person.team ?? '', person.workerKind ?? ''] },
  ];
  const { rows, errors } = await checkAgainstDatabase(ctx, actor, records);
  const first = errors[0];
  if (first) {
    const field = first.column ? (FIELD_OF[first.column] ?? first.column) : 'body';
    const message = `${field}: ${first.message.replace(/^row 1(, [a-z_]+)?: /, '')}`;
    if (first.code === 'already_exists' && field === 'phone') throw conflict('phone_taken', message, { field, value: first.value });
    if (first.code === 'already_exists') throw conflict('email_taken', message, { field, value: first.value, email: first.value });
    // The codes of roster faults (RosterErrorCode); each has its sentence in the web's errors.codes.
    throw invalid(first.code, message, { field, value: first.value });
  }
  const [created] = await writePeople(ctx, actor, rows, delivery, 'single');
  return created!;
}

async function hashAll(rows: CheckedRow[], delivery: PersonDelivery) {
  const out: { row: CheckedRow; secret: string; hash: string }[] = [];
  for (let i = 0; i < rows.length; i += HASH_CONCURRENCY) {
    const batch = rows.slice(i, i + HASH_CONCURRENCY);
    // An invited account has no password until the invitee sets one: nothing can log into it meanwhile.
    out.push(...(await Promise.all(batch.map(async (row) => {
      if (delivery === 'invite') return { row, secret: '', hash: NO_PASSWORD_HASH };
      const secret = newInitialPassword();
      return { row, secret, hash: await hashPassword(secret, RANDOM_PASSWORD_SCRYPT_COST) };
    }))));
  }
  return out;
}

async function writePeople(ctx: Context, actor: Actor, rows: CheckedRow[], delivery: PersonDelivery, via: 'roster' | 'single'): Promise<CreatedPerson[]> {
  // Hashing first keeps SQLite's writer free while scrypt runs.
  const prepared = await hashAll(rows, delivery);
  let current: CheckedRow | undefined;
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const created: CreatedPerson[] = [];
      const teamMembers = new Map<number, number[]>();
      for (const { row, secret, hash } of prepared) {
        current = row;
        const now = ctx.now();
        const user = await trx
          .insertInto('users')
          .values({
            org_id: actor.orgId,
            email: row.email,
            name: row.name,
            role: row.role,
            password_hash: hash,
            disabled: 0,
            created_at: now,
            must_change_password: delivery === 'password' ? 1 : 0,
            phone: row.phone,
            worker_kind: row.workerKind,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await auditUserEvent(trx, ctx, {
          orgId: actor.orgId,
          actorId: actor.userId,
          userId: user.id,
          action: 'user.created',
          data: { email: row.email, phone: row.phone, role: row.role, via, delivery, ...(via === 'roster' ? { row: row.row } : {}) },
        });
        if (row.teamId !== null) teamMembers.set(row.teamId, [...(teamMembers.get(row.teamId) ?? []), user.id]);
        const person: CreatedPerson = { row: row.row, id: user.id, name: row.name, email: row.email, phone: row.phone, role: row.role };
        if (delivery === 'password') person.initialPassword = secret;
        else {
          const invite = await openInvite(trx, ctx, { orgId: actor.orgId, userId: user.id, createdBy: actor.userId });
          await auditUserEvent(trx, ctx, { orgId: actor.orgId, actorId: actor.userId, userId: user.id, action: 'user.invited', data: { expiresAt: invite.expiresAt } });
          person.inviteToken = invite.token;
          person.inviteExpiresAt = new Date(invite.expiresAt).toISOString();
        }
        created.push(person);
      }
      // workforce/teams.ts addTeamMembers writes in a transaction of its own; the roster's memberships belong in this
      // one (all or nothing), written and audited the same way: one insert and one team.members_added per team.
      for (const [teamId, userIds] of teamMembers) {
        const now = ctx.now();
        await trx.insertInto('team_members').values(userIds.map((userId) => ({ team_id: teamId, user_id: userId, created_at: now }))).execute();
        await appendAuditEvent(trx, ctx.db.dialect, {
          orgId: actor.orgId, actorId: actor.userId, action: 'team.members_added', entityType: 'team', entityId: teamId, data: { userIds, via }, at: now,
        });
      }
      if (via === 'roster') {
        await appendAuditEvent(trx, ctx.db.dialect, {
          orgId: actor.orgId, actorId: actor.userId, action: 'people.roster_imported', entityType: 'organization', entityId: actor.orgId,
          data: { rows: created.length, delivery }, at: ctx.now(),
        });
      }
      return created;
    });
  } catch (error) {
    // Someone created the same email or phone between the check and the write: the whole roster rolls back.
    if (isUniqueViolation(error) && current) {
      const field = current.email === null ? 'phone' : 'email';
      const names = [current.email, current.phone].filter((n) => n !== null).join(' or ');
      if (via === 'single' && field === 'phone') throw conflict('phone_taken', `phone: ${names} was taken meanwhile`, { field, value: current.phone });
      if (via === 'single') throw conflict('email_taken', `email: ${names} was taken meanwhile`, { field, value: current.email, email: current.email });
      throw conflict('roster_conflict', `row ${current.row}: ${names} was taken meanwhile; nothing was imported`, { row: current.row, field });
    }
    throw error;
  }
}
