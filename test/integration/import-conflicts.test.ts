import { expireLeases } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** JSONL with an external id per record: `[id, text]` pairs. */
const jsonl = (records: [string, string][]) => records.map(([ref, text]) => JSON.stringify({ ref, text })).join('\n') + '\n';

const prediction = (model: string, choice: string) => ({
  model_version: model,
  score: 0.9,
  result: [{ id: `p-${model}`, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }],
});

describe.each(DIALECTS)('re-importing records that are already tasks, on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 3));
  });
  afterAll(async () => server?.stop());

  const newProject = async (name: string) =>
    (await manager.request('POST', '/api/projects', { name, labelConfig: SENTIMENT_CONFIG, overlap: 1, leaseTtlSeconds: 30 })).body.project.id as number;
  const exportOf = async (projectId: number) => (await manager.request('GET', `/api/projects/${projectId}/export?format=ls-json`)).body as any[];
  const byRef = (tasks: any[]) => new Map(tasks.map((t) => [t.data.ref as string, t]));

  it('keeps the content answers were given to, and lists the refused records by line and external id', async () => {
    const id = await newProject('answered');
    const first = jsonl([
      ['a', 'answered text'],
      ['b', 'leased text'],
      ['c', 'expired-lease text'],
      ['d', 'untouched text'],
    ]);
    expect((await uploadTasks(manager, id, 'v1.jsonl', first, { externalIdField: 'ref' })).status).toBe(201);

    // worker 0 answers "a", worker 1 holds "b", worker 2's lease on "c" runs out (a late answer is still accepted)
    const claims = [];
    for (const w of workers) claims.push((await w.request('POST', `/api/projects/${id}/next`)).body.assignment);
    expect(claims.map((c) => c.data.ref)).toEqual(['a', 'b', 'c']);
    expect((await workers[0]!.request('POST', `/api/assignments/${claims[0].id}/submit`, { result: answer('positive'), idempotencyKey: 'a-1' })).status).toBe(200);
    server.clock.advance(20_000);
    expect((await workers[1]!.request('POST', `/api/assignments/${claims[1].id}/heartbeat`)).status).toBe(200);
    server.clock.advance(11_000);
    // the sweeper's work: "c" goes back to the pool (its slot is free again), its annotator may still answer late
    expect(await server.db.kysely.transaction().execute((trx) => expireLeases(trx, server.clock.now, id, dialect))).toBe(1);

    const second = jsonl([
      ['a', 'REPLACED a'],
      ['b', 'REPLACED b'],
      ['c', 'REPLACED c'],
      ['d', 'REPLACED d'],
    ]);
    const again = await uploadTasks(manager, id, 'v2.jsonl', second, { externalIdField: 'ref', onConflict: 'update' });
    expect(again.status).toBe(201);
    expect(again.body.import).toMatchObject({ onConflict: 'update', tasksCreated: 0, tasksUpdated: 1, tasksRefused: 3 });
    const refused = again.body.import.refused as Array<{ line: number; externalId: string; reason: string; message: string }>;
    expect(refused.map((r) => [r.line, r.externalId, r.reason])).toEqual([
      [1, 'a', 'answered'],
      [2, 'b', 'in_progress'],
      [3, 'c', 'in_progress'],
    ]);
    expect(refused[0]!.message).toMatch(/^line 1: task "a".*already has answers/);

    // the late answer to "c" and the held lease's answer to "b" land on the text their annotators saw
    expect((await workers[2]!.request('POST', `/api/assignments/${claims[2].id}/submit`, { result: answer('neutral'), idempotencyKey: 'c-1' })).status).toBe(200);
    expect((await workers[1]!.request('POST', `/api/assignments/${claims[1].id}/submit`, { result: answer('negative'), idempotencyKey: 'b-1' })).status).toBe(200);
    const tasks = byRef(await exportOf(id));
    expect(tasks.get('a').data.text).toBe('answered text');
    expect(tasks.get('a').annotations[0].result).toEqual(answer('positive'));
    expect(tasks.get('b').data.text).toBe('leased text');
    expect(tasks.get('c').data.text).toBe('expired-lease text');
    expect(tasks.get('d').data.text).toBe('REPLACED d');

    const history = (await manager.request('GET', `/api/projects/${id}/imports`)).body.imports;
    expect(history[0]).toMatchObject({ tasksUpdated: 1, tasksRefused: 3, onConflict: 'update' });
  });

  it('does not touch a task whose data is unchanged, skips or adds existing records on request, and refuses an unknown choice', async () => {
    const id = await newProject('choices');
    const file = jsonl([
      ['x', 'one'],
      ['y', 'two'],
    ]);
    const v1 = await uploadTasks(manager, id, 'v1.jsonl', file, { externalIdField: 'ref' });
    const same = await uploadTasks(manager, id, 'v1-again.jsonl', file, { externalIdField: 'ref', onConflict: 'update' });
    expect(same.body.import).toMatchObject({ tasksCreated: 0, tasksUpdated: 0, tasksUnchanged: 2 });
    const rows = await server.db.kysely.selectFrom('tasks').select(['import_id']).where('project_id', '=', id).execute();
    expect(rows.map((r) => r.import_id)).toEqual([v1.body.import.id, v1.body.import.id]);

    const changed = jsonl([
      ['x', 'ONE'],
      ['y', 'TWO'],
      ['z', 'three'],
    ]);
    const skipped = await uploadTasks(manager, id, 'skip.jsonl', changed, { externalIdField: 'ref', onConflict: 'skip' });
    expect(skipped.body.import).toMatchObject({ onConflict: 'skip', tasksCreated: 1, tasksSkipped: 2, tasksUpdated: 0 });
    expect([...byRef(await exportOf(id)).values()].map((t) => t.data.text).sort()).toEqual(['one', 'three', 'two']);

    const added = await uploadTasks(manager, id, 'add.jsonl', changed, { externalIdField: 'ref', onConflict: 'add' });
    expect(added.body.import).toMatchObject({ onConflict: 'add', tasksCreated: 3 });
    const texts = (await exportOf(id)).map((t) => t.data.text).sort();
    expect(texts).toEqual(['ONE', 'TWO', 'one', 'three', 'three', 'two']);
    const stats = await manager.request('GET', `/api/projects/${id}/stats`);
    expect(stats.body.counts.tasks).toBe(6);

    const bad = await uploadTasks(manager, id, 'bad.jsonl', changed, { externalIdField: 'ref', onConflict: 'replace' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_on_conflict', details: { field: 'onConflict' } });
  });

  it('stores a prediction once however often the file is imported, and adds the new ones', async () => {
    const id = await newProject('predictions');
    const file = (predictions: unknown[]) =>
      JSON.stringify([
        { id: 1, data: { text: 'good' }, predictions },
        { id: 2, data: { text: 'bad' }, predictions: [prediction('m1', 'negative')] },
      ]);
    const v1 = await uploadTasks(manager, id, 'ls.json', file([prediction('m1', 'positive'), prediction('m1', 'positive')]));
    expect(v1.body.import).toMatchObject({ tasksCreated: 2, predictionsImported: 2 });
    const v2 = await uploadTasks(manager, id, 'ls.json', file([prediction('m1', 'positive')]), { onConflict: 'update' });
    expect(v2.body.import).toMatchObject({ tasksCreated: 0, tasksUnchanged: 2, predictionsImported: 0 });
    const v3 = await uploadTasks(manager, id, 'ls.json', file([prediction('m1', 'positive'), prediction('m2', 'positive')]), { onConflict: 'update' });
    expect(v3.body.import).toMatchObject({ predictionsImported: 1 });
    const tasks = await exportOf(id);
    const models = (text: string) => tasks.find((t) => t.data.text === text).predictions.map((p: any) => p.model_version).sort();
    expect(models('good')).toEqual(['m1', 'm2']);
    expect(models('bad')).toEqual(['m1']);
  });
});
