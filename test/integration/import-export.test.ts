import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

const LS_EXPORT = [
  {
    id: 101,
    data: { text: 'great service' },
    annotations: [
      {
        id: 9001,
        completed_by: 7,
        lead_time: 3.217,
        created_at: '2024-05-01T10:00:00.000Z',
        result: [
          { id: 'aB3dE', from_name: 'sentiment', to_name: 'text', type: 'choices', origin: 'manual', value: { choices: ['positive'] } },
        ],
      },
    ],
    predictions: [{ model_version: 'm1', score: 0.8, result: [{ id: 'p1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] }],
  },
  { id: 102, data: { text: '服务太差了' }, annotations: [], predictions: [] },
];

describe.each(DIALECTS)('import and export on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
  });
  afterAll(async () => server?.stop());

  const newProject = async (overlap = 1) =>
    (await manager.request('POST', '/api/projects', { name: 'ie', labelConfig: SENTIMENT_CONFIG, overlap })).body.project.id as number;
  const taskCount = async (projectId: number) =>
    Number((await server.db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);

  it('imports CSV, TSV, JSON arrays and JSONL', async () => {
    const id = await newProject();
    expect((await uploadTasks(manager, id, 'a.csv', 'text,lang\n"hello, world",en\n你好,zh\n')).body.import.tasksCreated).toBe(2);
    expect((await uploadTasks(manager, id, 'b.tsv', 'text\tlang\nbye\ten\n')).body.import.tasksCreated).toBe(1);
    expect((await uploadTasks(manager, id, 'c.json', JSON.stringify([{ text: 'x' }, { text: 'y' }]))).body.import.tasksCreated).toBe(2);
    expect((await uploadTasks(manager, id, 'd.jsonl', '{"text":"z"}\n')).body.import.tasksCreated).toBe(1);
    expect(await taskCount(id)).toBe(6);
    const stats = await manager.request('GET', `/api/projects/${id}/stats`);
    expect(stats.body.counts).toMatchObject({ tasks: 6, notStarted: 6, completed: 0 });
    const history = await manager.request('GET', `/api/projects/${id}/imports`);
    expect(history.body.imports).toHaveLength(4);
    expect(history.body.imports[0].sourceName).toBe('test source');
  });

  it('rejects a malformed line by number and stores nothing from that file', async () => {
    const id = await newProject();
    await uploadTasks(manager, id, 'ok.jsonl', '{"text":"kept"}\n');
    const bad = await uploadTasks(manager, id, 'bad.jsonl', '{"text":"a"}\n{"text":"b"}\n{"text": oops}\n{"text":"d"}\n');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('line 3');
    expect(await taskCount(id)).toBe(1);
    const history = await manager.request('GET', `/api/projects/${id}/imports`);
    expect(history.body.imports[0].status).toBe('failed');
    expect(history.body.imports[0].error).toContain('line 3');
    const skipping = await uploadTasks(manager, id, 'bad.jsonl', '{"text":"a"}\n{"text":"b"}\n{"text": oops}\n{"text":"d"}\n', { skipBadLines: 'true' });
    expect(skipping.status).toBe(201);
    expect(skipping.body.import.tasksCreated).toBe(3);
    expect(skipping.body.import.skipped[0].line).toBe(3);
    const latin1 = Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d, 0x0a]).toString('latin1');
    const form = new FormData();
    form.append('sourceName', 's');
    form.append('file', new Blob([Buffer.from(latin1, 'latin1')]), 'enc.jsonl');
    const enc = await fetch(`${server.baseUrl}/api/projects/${id}/imports`, { method: 'POST', headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrf }, body: form });
    expect(enc.status).toBe(400);
    expect(((await enc.json()) as any).error.message).toMatch(/UTF-8.*line 1|line 1.*UTF-8/i);
    expect(await taskCount(id)).toBe(4);
  });

  it('requires a named source and a legal basis for personal information', async () => {
    const id = await newProject();
    const noSource = await uploadTasks(manager, id, 'x.jsonl', '{"text":"a"}\n', { sourceName: '' });
    expect(noSource.status).toBe(400);
    expect(noSource.body.error.message).toContain('source.name');
    const pi = await uploadTasks(manager, id, 'x.jsonl', '{"text":"a"}\n', { containsPersonalInfo: 'true' });
    expect(pi.status).toBe(400);
    expect(pi.body.error.message).toContain('legalBasis');
  });

  it('re-imports idempotently by external id', async () => {
    const id = await newProject();
    const file = '{"ref":"a","text":"one"}\n{"ref":"b","text":"two"}\n';
    await uploadTasks(manager, id, 'x.jsonl', file, { externalIdField: 'ref' });
    // by default the very same file again is refused before anything is read, naming the import that brought it
    const same = await uploadTasks(manager, id, 'x.jsonl', file, { externalIdField: 'ref' });
    expect(same.status).toBe(409);
    expect(same.body.error).toMatchObject({ code: 'same_file', details: { fileName: 'x.jsonl' } });
    // another file with the same records: each record that already is a task is skipped by its external id
    const renamed = await uploadTasks(manager, id, 'y.jsonl', file + '{"ref":"c","text":"three"}\n', { externalIdField: 'ref' });
    expect(renamed.body.import).toMatchObject({ onConflict: 'skip', tasksCreated: 1, tasksSkipped: 2, sameFileAs: null });
    const again = await uploadTasks(manager, id, 'x.jsonl', file.replace('two', 'TWO'), { externalIdField: 'ref', onConflict: 'update' });
    // only the record whose data changed updates its task; the other one is left as it was
    expect(again.body.import).toMatchObject({ tasksCreated: 0, tasksUpdated: 1, tasksUnchanged: 1, sameFileAs: null });
    // the same file under update is imported and reported as seen before
    const seen = await uploadTasks(manager, id, 'x.jsonl', file, { externalIdField: 'ref', onConflict: 'update' });
    expect(seen.body.import).toMatchObject({ tasksUpdated: 1, sameFileAs: { fileName: 'x.jsonl' } });
    expect(await taskCount(id)).toBe(3);
  });

  it('round-trips a Label Studio export without changing any result item', async () => {
    const id = await newProject(2);
    const up = await uploadTasks(manager, id, 'ls.json', JSON.stringify(LS_EXPORT));
    expect(up.status).toBe(201);
    expect(up.body.import).toMatchObject({ tasksCreated: 2, annotationsImported: 1, predictionsImported: 1 });
    // a worker adds one answer to the task that already had one: it is then complete with overlap 2
    const a = await workers[0]!.request('POST', `/api/projects/${id}/next`);
    await workers[0]!.request('POST', `/api/assignments/${a.body.assignment.id}/submit`, { result: answer('negative'), idempotencyKey: `rt-${id}`, leadTimeMs: 2500 });

    const exported = await manager.request('GET', `/api/projects/${id}/export?format=ls-json`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('.json');
    const tasks = exported.body as any[];
    expect(tasks).toHaveLength(2);
    const original = tasks.find((t) => t.data.text === 'great service');
    const imported = original.annotations.find((x: any) => x.id === 9001);
    expect(imported.result).toEqual(LS_EXPORT[0]!.annotations[0]!.result);
    expect(imported).toMatchObject({ completed_by: 7, lead_time: 3.217, created_at: '2024-05-01T10:00:00.000Z' });
    expect(original.predictions[0].result).toEqual(LS_EXPORT[0]!.predictions[0]!.result);
    const mine = tasks.flatMap((t) => t.annotations).find((x: any) => x.completed_by === workers[0]!.userId);
    expect(mine).toMatchObject({ lead_time: 2.5, result: answer('negative') });

    // importing our own export into a fresh project and exporting again keeps every result item unchanged
    const id2 = await newProject(2);
    await uploadTasks(manager, id2, 'again.json', JSON.stringify(tasks));
    const second = (await manager.request('GET', `/api/projects/${id2}/export?format=ls-json`)).body as any[];
    const results = (list: any[]) => list.flatMap((t) => t.annotations.map((x: any) => JSON.stringify(x.result))).sort();
    expect(results(second)).toEqual(results(tasks));

    const jsonl = await manager.request('GET', `/api/projects/${id}/export?format=jsonl`);
    const lines = (jsonl.body as string).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual(tasks);
    const csv = await manager.request('GET', `/api/projects/${id}/export?format=csv`);
    expect(csv.body).toContain('task_id,external_id,text,annotation_id,annotator,sentiment,lead_time_s,created_at');
    expect(csv.body).toContain('a0@t.local,negative,2.5');
    expect((await manager.request('GET', `/api/projects/${id}/export?format=xml`)).status).toBe(400);
  });
});
