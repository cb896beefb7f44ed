import { isCheckViolation, isUniqueViolation, migrateUpTo, sql, type Db } from '@biaozhu/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

/** The indexes of `users` other than the ones this migration changes, by name with their definition. */
async function otherUserIndexes(db: Db): Promise<string[]> {
  const changed = ['users_phone', 'users_org_phone'];
  if (db.dialect === 'sqlite') {
    const rows = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'index' and tbl_name = 'users' and sql is not null order by name`.execute(db.kysely);
    return rows.rows.filter((r) => !changed.includes(r.name)).map((r) => `${r.name}: ${r.sql}`);
  }
  const rows = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = 'users' order by indexname`.execute(db.kysely);
  return rows.rows.filter((r) => !changed.includes(r.indexname)).map((r) => `${r.indexname}: ${r.indexdef}`);
}

const outcome = (write: Promise<unknown>) =>
  write.then(
    () => 'stored',
    (e: unknown) => (isCheckViolation(e) ? 'check' : isUniqueViolation(e) ? 'unique' : `error: ${String(e)}`),
  );

describe.each(DIALECTS)('migration 0025-phone-accounts on %s', (dialect) => {
  let opened: TestDb | undefined;
  afterEach(async () => opened?.close());

  it('keeps every account, session and index, rewrites stored phones to E.164, and then takes phone-only accounts', async () => {
    opened = await openTestDb(dialect, { upTo: '0024-task-data-hash' });
    const k = opened.db.kysely;
    const now = Date.now();
    const orgA = (await k.insertInto('organizations').values({ name: 'A', created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    const orgB = (await k.insertInto('organizations').values({ name: 'B', created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    const user = async (orgId: number, email: string, phone: string | null) =>
      (
        await k
          .insertInto('users')
          .values({ org_id: orgId, email, name: email, role: 'annotator', password_hash: 'x', disabled: 0, created_at: now, phone })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    // What 0013's checks let in: separators removed, `+?` and 6 to 20 digits, unique across organisations.
    const bare = await user(orgA, 'bare@t.local', '13800000001');
    const withCode = await user(orgA, 'code@t.local', '8613800000002');
    const doubleZero = await user(orgB, 'zero@t.local', '004420794609');
    const already = await user(orgB, 'e164@t.local', '+8613800000001');
    // the same number as `bare`, written another way, in the same organisation: only one can take the E.164 form
    const twin = await user(orgA, 'twin@t.local', '+8613800000001'.replace('+86', '0086'));
    const landline = await user(orgA, 'landline@t.local', '024123456');
    const none = await user(orgA, 'none@t.local', null);
    await k.insertInto('sessions').values({ id: 'session-hash', user_id: bare, csrf_token: 'c', created_at: now, expires_at: now + 1000 }).execute();
    const before = await otherUserIndexes(opened.db);

    await migrateUpTo(opened.db, '0025-phone-accounts');

    const phones = new Map((await k.selectFrom('users').select(['id', 'phone']).execute()).map((r) => [r.id, r.phone]));
    expect(phones.size).toBe(7);
    expect([bare, withCode, doubleZero, already, twin, landline, none].map((id) => phones.get(id))).toEqual([
      '+8613800000001',
      '+8613800000002',
      '+4420794609',
      '+8613800000001', // another organisation: the same number is allowed there
      '008613800000001', // kept as written: its E.164 form belongs to `bare`
      '024123456', // a landline without a country code cannot be placed
      null,
    ]);
    expect(await k.selectFrom('sessions').select('user_id').executeTakeFirstOrThrow()).toEqual({ user_id: bare });
    expect(await otherUserIndexes(opened.db)).toEqual(before);

    const insert = (orgId: number, email: string | null, phone: string | null) =>
      k.insertInto('users').values({ org_id: orgId, email, name: 'n', role: 'annotator', password_hash: 'x', disabled: 0, created_at: now, phone }).execute();
    expect(await outcome(insert(orgA, null, '+8613900000009'))).toBe('stored');
    expect(await outcome(insert(orgA, null, null))).toBe('check');
    expect(await outcome(insert(orgA, null, '+8613900000009'))).toBe('unique');
    expect(await outcome(insert(orgB, null, '+8613900000009'))).toBe('stored');
    expect(await outcome(insert(orgB, 'bare@t.local', null))).toBe('unique');
    // foreign keys are enforced again against the rebuilt table
    expect(await outcome(k.insertInto('sessions').values({ id: 'orphan', user_id: 987_654, csrf_token: 'c', created_at: now, expires_at: now }).execute())).not.toBe('stored');
  });
});
