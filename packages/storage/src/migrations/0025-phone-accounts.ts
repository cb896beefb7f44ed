import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import { addChecksByRebuild, type CheckConstraint } from './sqlite-rebuild-table.js';

/**
 * Accounts by phone number (issue #11 item 2; docs/operations.md "People", docs/security.md "Login by phone number"):
 * - `users.email` becomes nullable and `users_email_or_phone` requires one of the two, so a worker with only a
 *   mobile number gets an account. Emails stay unique across the installation (login by email names one account);
 * - `users.phone` is unique per organisation (`users_org_phone`) instead of across all of them: a gig worker may
 *   work for two vendors on one installation. Login by a phone that several organisations hold is resolved by the
 *   password, never by picking one (core/src/access/login.ts);
 * - phones stored before this are rewritten to the one form core/src/access/phone-number.ts gives (E.164, so
 *   `138 0013 8000` and `+86 138-0013-8000` are one number). Rows whose number this cannot place stay as written.
 * PostgreSQL alters the table in place; SQLite, which cannot drop a NOT NULL or add a constraint, rebuilds `users`
 * (sqlite-rebuild-table.ts), keeping its rows, ids, indexes and the foreign keys that point at it.
 */
const USER_CHECKS: CheckConstraint[] = [{ name: 'users_email_or_phone', expression: 'email is not null or phone is not null' }];

/** `"email" text not null unique` as Kysely wrote it in 0001, without the NOT NULL. */
function dropEmailNotNull(definition: string): string {
  const column = /("email"\s+text)\s+not null/i;
  if (!column.test(definition)) throw new Error(`unexpected definition of users.email: ${definition.slice(0, 300)}`);
  return definition.replace(column, '$1');
}

export function phoneAccountsMigration(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') {
        await addChecksByRebuild(db, [{ table: 'users', checks: USER_CHECKS, rewrite: dropEmailNotNull }], async (d) => {
          await sql`drop index if exists users_phone`.execute(d);
          await renormalisePhones(d);
        });
        await sql`create unique index if not exists users_org_phone on users (org_id, phone)`.execute(db);
        return;
      }
      // Hold other servers' writes of users (reads go on) while the numbers are rewritten and the constraints added.
      await sql`lock table users in share row exclusive mode`.execute(db);
      // The global index goes first: a rewrite may meet the same number in another organisation.
      await sql`drop index if exists users_phone`.execute(db);
      await renormalisePhones(db);
      await sql`create unique index users_org_phone on users (org_id, phone)`.execute(db);
      await sql`alter table users alter column email drop not null`.execute(db);
      for (const c of USER_CHECKS) await sql.raw(`alter table users add constraint ${c.name} check (${c.expression})`).execute(db);
    },
    async down(): Promise<void> {
      throw new Error('migrations are forward-only; restore a backup instead');
    },
  };
}

/**
 * Rewrites stored phones to E.164. Before this migration a phone was stored with spaces, dashes, dots and brackets
 * removed and checked as `+?` and 6 to 20 digits, so only these cases remain: a Chinese mobile without its country
 * code (`1[3-9]` and 9 digits), with `86` or `0086` before it, and `00` for `+`. This is a frozen copy of that one
 * rule, not an import of core's normaliser (storage does not import core, and a migration must not change meaning
 * when core does). Two accounts of one organisation that turn out to hold the same number keep the lower id's
 * rewrite; the other keeps its old text, so the new unique index can be built and nothing is lost.
 */
async function renormalisePhones(db: Kysely<unknown>): Promise<void> {
  const rows = await sql<{ id: number; org_id: number; phone: string }>`
    select id, org_id, phone from users where phone is not null order by id`.execute(db);
  const taken = new Set(rows.rows.map((r) => `${r.org_id} ${r.phone}`));
  for (const row of rows.rows) {
    const e164 = legacyPhoneToE164(row.phone);
    if (e164 === row.phone) continue;
    const key = `${row.org_id} ${e164}`;
    if (taken.has(key)) continue;
    taken.add(key);
    taken.delete(`${row.org_id} ${row.phone}`);
    await sql`update users set phone = ${e164} where id = ${row.id}`.execute(db);
  }
}

function legacyPhoneToE164(phone: string): string {
  if (/^1[3-9]\d{9}$/.test(phone)) return `+86${phone}`;
  if (/^(?:\+|00)?861[3-9]\d{9}$/.test(phone)) return `+86${phone.slice(-11)}`;
  if (/^00[1-9]\d{5,14}$/.test(phone)) return `+${phone.slice(2)}`;
  return phone;
}
