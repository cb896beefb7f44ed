import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_PG_URL } from '../support/test-db.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/**
 * PostgreSQL only (SQLite has one writer and no row locks): a submit locks its task row and then the project row
 * (completed_count). A policy change that locked the project row first and then waited for that task would
 * deadlock with it. Here a transaction holds a task row the way a submit in flight does; while the policy change
 * waits for that row, the project row must still be free for the submit to finish.
 */
describe.skipIf(!DIALECTS.includes('postgres'))('policy change and submits take rows in the same order (postgres)', () => {
  let server: TestServer;
  let manager: ApiClient;
  let submit: pg.Client;

  beforeAll(async () => {
    server = await startTestServer('postgres');
    ({ manager } = await seedPeople(server, 0));
    submit = new pg.Client({ connectionString: TEST_PG_URL });
    await submit.connect();
    await submit.query(`set search_path to ${server.db.schema}`);
  });
  afterAll(async () => {
    await submit?.end();
    await server?.stop();
  });

  it('waits for a task row held by a submit without holding the project row', async () => {
    const created = await manager.request('POST', '/api/projects', { name: 'lock-order', labelConfig: SENTIMENT_CONFIG, overlap: 1 });
    const projectId = created.body.project.id as number;
    expect((await uploadTasks(manager, projectId, 't.jsonl', '{"text":"a"}\n{"text":"b"}\n')).status).toBe(201);
    const taskId = (await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', projectId).orderBy('id').executeTakeFirstOrThrow()).id;

    await submit.query('begin');
    await submit.query('update tasks set answer_count = answer_count where id = $1', [taskId]);
    const xid = (await submit.query<{ xid: string }>('select pg_current_xact_id()::text as xid')).rows[0]!.xid;

    const change = manager.request('PUT', `/api/projects/${projectId}/assignment-policy`, { overlap: 3, policy: {} });
    // until the policy change waits for the held task row
    const observer = new pg.Client({ connectionString: TEST_PG_URL });
    await observer.connect();
    try {
      for (let waited = 0; ; waited += 20) {
        const waiting = await observer.query<{ n: number }>(
          `select count(*)::int as n from pg_locks where locktype = 'transactionid' and transactionid::text = $1 and not granted`,
          [xid],
        );
        if ((waiting.rows[0]?.n ?? 0) > 0) break;
        if (waited > 20_000) throw new Error('the policy change never waited for the task row');
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await observer.end();
    }

    // The submit's second step: the project row. NOWAIT fails at once if the policy change holds it.
    const projectRow = await submit.query('select id from projects where id = $1 for no key update nowait', [projectId]).then(
      () => 'free',
      (error: { code?: string }) => `locked (${error.code})`,
    );
    expect(projectRow).toBe('free');
    await submit.query('update projects set completed_count = completed_count where id = $1', [projectId]);
    await submit.query('commit');

    const done = await change;
    expect(done.status).toBe(200);
    const targets = await server.db.kysely.selectFrom('tasks').select('target').where('project_id', '=', projectId).execute();
    expect(targets.map((t) => t.target)).toEqual([3, 3]);
  });
});
