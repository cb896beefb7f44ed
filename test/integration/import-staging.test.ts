import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** Enough records that the import takes seconds, so that annotators' requests can be seen finishing during it. */
const BIG = 120_000;

const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `review ${from + i}` })).join('\n') + '\n';

describe.each(DIALECTS)('imports that never hold the database, on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
  });
  afterAll(async () => server?.stop());

  const newProject = async (name: string) =>
    (await manager.request('POST', '/api/projects', { name, labelConfig: SENTIMENT_CONFIG, overlap: 1 })).body.project.id as number;
  const taskCount = async (projectId: number) =>
    Number((await server.db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);
  const importRow = (projectId: number, fileName: string) =>
    server.db.kysely.selectFrom('imports').select(['id', 'status']).where('project_id', '=', projectId).where('file_name', '=', fileName).executeTakeFirst();
  const auditOf = (action: string, importId: number) =>
    server.db.kysely.selectFrom('audit_events').select(['data']).where('action', '=', action).where('entity_id', '=', String(importId)).execute();

  it('lets annotators claim, heartbeat and submit while a large import is running, and their answers finish first', async () => {
    const id = await newProject('busy');
    expect((await uploadTasks(manager, id, 'first.jsonl', lines(20))).status).toBe(201);
    let uploadDone = false;
    const big = uploadTasks(manager, id, 'big.jsonl', lines(BIG, 1000)).then((r) => {
      uploadDone = true;
      return r;
    });
    let row = await importRow(id, 'big.jsonl');
    while (!row) {
      await new Promise((r) => setTimeout(r, 5));
      row = await importRow(id, 'big.jsonl');
    }
    expect(row.status).toBe('running');

    const worker = workers[0]!;
    for (let i = 0; i < 5; i++) {
      const next = await worker.request('POST', `/api/projects/${id}/next`);
      expect(next.status).toBe(200);
      expect((await worker.request('POST', `/api/assignments/${next.body.assignment.id}/heartbeat`)).status).toBe(200);
      const sent = await worker.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer('positive'), idempotencyKey: `busy-${i}` });
      expect(sent.status).toBe(200);
    }
    // Five claim-heartbeat-submit rounds finished while the import was still at work (before, each claim waited
    // for the import's single transaction to end).
    expect(uploadDone).toBe(false);
    expect((await importRow(id, 'big.jsonl'))!.status).toBe('running');

    const done = await big;
    expect(done.status).toBe(201);
    expect(done.body.import.tasksCreated).toBe(BIG);
    expect(await taskCount(id)).toBe(BIG + 20);
    const project = await manager.request('GET', `/api/projects/${id}`);
    expect(project.body.project).toMatchObject({ taskCount: BIG + 20, completedCount: 5 });
  }, 120_000);

  it('keeps nothing of a file that fails in the middle, and records the failure in the audit log', async () => {
    const id = await newProject('fails');
    expect((await uploadTasks(manager, id, 'kept.jsonl', lines(3))).status).toBe(201);
    // three batches of good records, then a bad line
    const file = lines(1500) + '{"text": oops}\n' + lines(100, 2000);
    const up = await uploadTasks(manager, id, 'broken.jsonl', file);
    expect(up.status).toBe(400);
    expect(up.body.error.message).toContain('line 1501');
    expect(await taskCount(id)).toBe(3);
    const staged = await server.db.kysely.selectFrom('import_staged_tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(staged.n)).toBe(0);
    const history = (await manager.request('GET', `/api/projects/${id}/imports`)).body.imports;
    expect(history[0]).toMatchObject({ fileName: 'broken.jsonl', status: 'failed' });
    const failed = await auditOf('import.failed', history[0].id);
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]!.data)).toMatchObject({ projectId: id, fileName: 'broken.jsonl', status: 'failed', code: 'bad_json', line: 1501 });
    expect(await auditOf('import.done', history[0].id)).toHaveLength(0);
    const project = await manager.request('GET', `/api/projects/${id}`);
    expect(project.body.project.taskCount).toBe(3);
  });

  it('refuses a source name over its limit with a 400 naming the field and the limit, and stores nothing', async () => {
    const id = await newProject('limits');
    const huge = await uploadTasks(manager, id, 'x.jsonl', lines(1), { sourceName: 'n'.repeat(70_000) });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatchObject({ code: 'field_too_long', details: { field: 'sourceName' } });
    const long = await uploadTasks(manager, id, 'x.jsonl', lines(1), { sourceName: '来'.repeat(334) });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'field_too_long', details: { field: 'sourceName', limit: 1000 } });
    expect(long.body.error.message).toContain('sourceName');
    const licence = await uploadTasks(manager, id, 'x.jsonl', lines(1), { sourceLicense: 'L'.repeat(1001) });
    expect(licence.body.error).toMatchObject({ code: 'field_too_long', details: { field: 'sourceLicense', limit: 1000 } });
    expect((await uploadTasks(manager, id, 'x.jsonl', lines(1), { sourceName: '来'.repeat(333) })).status).toBe(201);
    const sources = await server.db.kysely.selectFrom('sources').select('name').where('project_id', '=', id).execute();
    expect(sources.map((s) => s.name.length)).toEqual([333]);
  });
});
