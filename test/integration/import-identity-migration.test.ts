import { migrateToLatest, taskDataHash } from '@biaozhu/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

describe.each(DIALECTS)('migration 0017-import-identity on %s', (dialect) => {
  let opened: TestDb | undefined;
  afterEach(async () => opened?.close());

  it('gives every task stored before it the same data hash an import computes, so a re-import recognises it', async () => {
    opened = await openTestDb(dialect, { upTo: '0016-aggregate-details' });
    const k = opened.db.kysely;
    const now = Date.now();
    const org = await k.insertInto('organizations').values({ name: 'o', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const user = await k
      .insertInto('users')
      .values({ org_id: org.id, email: 'm@t.local', name: 'm', role: 'manager', password_hash: 'x', disabled: 0, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const project = await k
      .insertInto('projects')
      .values({ org_id: org.id, name: 'p', description: '', label_config: '{}', overlap: 1, lease_ttl_seconds: 600, created_by: user.id, created_at: now, task_count: 0, completed_count: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    // non-ASCII, escapes and an emoji: the SQL and the JavaScript hash must read the same UTF-8 bytes
    const texts = ['{"text":"好的"}', '{"text":"a \\"quoted\\" line\\nnext"}', '{"text":"😀 腾讯","n":1}'];
    for (const data of texts) {
      await k.insertInto('tasks').values({ project_id: project.id, external_id: null, data, target: 1, slots_used: 0, answer_count: 0, priority: 0, created_at: now }).execute();
    }
    expect(await migrateToLatest(opened.db)).toContain('0017-import-identity');
    const rows = await k.selectFrom('tasks').select(['data', 'data_hash']).orderBy('id').execute();
    expect(rows.map((r) => r.data_hash)).toEqual(texts.map(taskDataHash));
  });
});
