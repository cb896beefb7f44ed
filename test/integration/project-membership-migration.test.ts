import { isCheckViolation, migrateToLatest, sql } from '@biaozhu/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

describe.each(DIALECTS)('migration 0012-project-membership on %s', (dialect) => {
  let opened: TestDb | undefined;
  afterEach(async () => opened?.close());

  it('keeps projects of before open to their organisation and their listed clients as clients; refuses unknown values', async () => {
    // the schema as it was before 0012: the only members were clients
    opened = await openTestDb(dialect, { upTo: '0011-organisations' });
    const k = opened.db.kysely;
    const now = Date.now();
    const org = await k.insertInto('organizations').values({ name: 'o', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const user = (email: string, role: string) =>
      sql<{ id: number }>`insert into users (org_id, email, name, role, password_hash, disabled, created_at)
        values (${org.id}, ${email}, ${email}, ${role}, 'x', 0, ${now}) returning id`.execute(k).then((r) => Number(r.rows[0]!.id));
    const manager = await user('m@t.local', 'manager');
    const client = await user('c@t.local', 'client');
    const project = await sql<{ id: number }>`insert into projects (org_id, name, description, label_config, overlap, lease_ttl_seconds, created_by, created_at, task_count, completed_count)
      values (${org.id}, 'p', '', '{}', 1, 600, ${manager}, ${now}, 0, 0) returning id`.execute(k).then((r) => Number(r.rows[0]!.id));
    await sql`insert into project_members (project_id, user_id, created_at) values (${project}, ${client}, ${now})`.execute(k);

    await migrateToLatest(opened.db);
    expect(await k.selectFrom('projects').select('access').where('id', '=', project).executeTakeFirstOrThrow()).toEqual({ access: 'organisation' });
    expect(await k.selectFrom('project_members').select(['user_id', 'role']).execute()).toEqual([{ user_id: client, role: 'client' }]);
    const refused = await k.updateTable('projects').set({ access: 'everyone' as never }).where('id', '=', project).execute().catch((e: unknown) => e);
    expect(isCheckViolation(refused)).toBe(true);
  });
});
