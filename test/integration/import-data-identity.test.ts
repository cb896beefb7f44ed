import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

// Records without an external id are recognised one by one by their data (tasks.data_hash, migration 0024, then the
// data itself compared): issue #11, "re-importing the same records is detected".
describe.each(DIALECTS)('re-importing records without an external id on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager } = await seedPeople(server, 1));
  });
  afterAll(async () => server?.stop());

  const newProject = async () =>
    (await manager.request('POST', '/api/projects', { name: 'identity', labelConfig: SENTIMENT_CONFIG, overlap: 1 })).body.project.id as number;
  const texts = async (projectId: number) =>
    (await server.db.kysely.selectFrom('tasks').select('data').where('project_id', '=', projectId).orderBy('id').execute()).map((r) => JSON.parse(r.data) as Record<string, unknown>);

  const FIRST = 'text,lang\n好的,zh\nfine,en\n"a, b",en\n';

  it('skips the same records from another file one by one: other order, other column order, new records added', async () => {
    const id = await newProject();
    expect((await uploadTasks(manager, id, 'first.csv', FIRST)).body.import).toMatchObject({ tasksCreated: 3, tasksSkipped: 0 });
    // the same three records, columns swapped and rows reordered, plus two new ones (one differs from a known record
    // in its other column only): the known ones are skipped, the rest are new tasks
    const second = await uploadTasks(manager, id, 'second.csv', 'lang,text\nen,new one\nen,fine\nzh,"a, b"\nen,"a, b"\nzh,好的\n');
    expect(second.status).toBe(201);
    expect(second.body.import).toMatchObject({ onConflict: 'skip', rowsRead: 5, tasksCreated: 2, tasksSkipped: 3, sameFileAs: null });
    expect(await texts(id)).toEqual([
      { text: '好的', lang: 'zh' },
      { text: 'fine', lang: 'en' },
      { text: 'a, b', lang: 'en' },
      { lang: 'en', text: 'new one' },
      { lang: 'zh', text: 'a, b' },
    ]);
    // JSONL with the same values is the same data as the CSV's
    const jsonl = await uploadTasks(manager, id, 'third.jsonl', '{"lang":"zh","text":"好的"}\n{"text":"again new","lang":"en"}\n');
    expect(jsonl.body.import).toMatchObject({ tasksCreated: 1, tasksSkipped: 1 });
    expect(await texts(id)).toHaveLength(6);
  });

  it('adds them again under add, and counts them unchanged under update', async () => {
    const id = await newProject();
    await uploadTasks(manager, id, 'first.csv', FIRST);
    const added = await uploadTasks(manager, id, 'again.csv', 'lang,text\nen,fine\nzh,好的\n', { onConflict: 'add' });
    expect(added.body.import).toMatchObject({ onConflict: 'add', tasksCreated: 2, tasksSkipped: 0 });
    // update: a record recognised by its data has no other data to take, so its task stays as it is
    const updated = await uploadTasks(manager, id, 'update.csv', 'lang,text\nen,fine\nen,brand new\n', { onConflict: 'update' });
    expect(updated.body.import).toMatchObject({ onConflict: 'update', tasksCreated: 1, tasksUpdated: 0, tasksUnchanged: 1, tasksSkipped: 0 });
    expect(await texts(id)).toHaveLength(6);
  });

  it('imports two equal records of one file as two tasks, and both are skipped the next time', async () => {
    const id = await newProject();
    const first = await uploadTasks(manager, id, 'twice.jsonl', '{"text":"同一句"}\n{"text":"同一句"}\n');
    // removing repeats within a file is the cleaning pipeline's dedup step, not the import's
    expect(first.body.import).toMatchObject({ tasksCreated: 2 });
    const again = await uploadTasks(manager, id, 'once-more.jsonl', '{"text":"同一句"}\n{"text":"同一句"}\n{"text":"同一句 "}\n');
    expect(again.body.import).toMatchObject({ tasksCreated: 1, tasksSkipped: 2 });
  });

  it('never takes a record for a task whose stored hash matches but whose data differs', async () => {
    const id = await newProject();
    await uploadTasks(manager, id, 'a.jsonl', '{"text":"original"}\n');
    // a forced collision: the stored task's data changes under its hash, as two different texts with one hash would
    await server.db.kysely.updateTable('tasks').set({ data: '{"text":"something else"}' }).where('project_id', '=', id).execute();
    // (other bytes, the same record: the same file again would be refused as a whole)
    const again = await uploadTasks(manager, id, 'b.jsonl', '{ "text": "original" }\n');
    expect(again.body.import).toMatchObject({ tasksCreated: 1, tasksSkipped: 0 });
    expect(await texts(id)).toEqual([{ text: 'something else' }, { text: 'original' }]);
  });

  it('recognises tasks stored without a hash (before migration 0024) by their data', async () => {
    const id = await newProject();
    await uploadTasks(manager, id, 'a.jsonl', '{"text":"old task"}\n');
    await server.db.kysely.updateTable('tasks').set({ data_hash: null }).where('project_id', '=', id).execute();
    const again = await uploadTasks(manager, id, 'b.jsonl', '{"text":"old task"}\n{"text":"new task"}\n');
    expect(again.body.import).toMatchObject({ tasksCreated: 1, tasksSkipped: 1 });
  });
});
