import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** A CSV whose text column is called `review`, not the `text` the sentiment config shows. */
const REVIEWS_CSV = 'id,review\n1,很好\n2,太差了\n3,一般\n';

describe.each(DIALECTS)('imports checked against the data keys the config shows, on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager } = await seedPeople(server, 1));
  });
  afterAll(async () => server?.stop());

  const newProject = async (name: string) => (await manager.request('POST', '/api/projects', { name, labelConfig: SENTIMENT_CONFIG })).body.project.id as number;
  const taskCount = async (projectId: number) =>
    Number((await server.db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);

  it('refuses a file without the key, naming the key, the line and the columns it has, and stores nothing', async () => {
    const id = await newProject('wrong-column');
    const res = await uploadTasks(manager, id, 'reviews.csv', REVIEWS_CSV);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('missing_data_key');
    expect(res.body.error.message).toMatch(/line 2: .*data key "text" \(object "text"\).*"id", "review"/);
    expect(res.body.error.details).toMatchObject({ line: 2, key: 'text', keys: ['id', 'review'] });
    expect(await taskCount(id)).toBe(0);
    const history = (await manager.request('GET', `/api/projects/${id}/imports`)).body.imports;
    expect(history[0]).toMatchObject({ status: 'failed', tasksCreated: 0 });
  });

  it('imports the same file once its column is mapped to the key', async () => {
    const id = await newProject('mapped-column');
    const res = await uploadTasks(manager, id, 'reviews.csv', REVIEWS_CSV, { fieldMap: JSON.stringify({ text: 'review' }) });
    expect(res.status).toBe(201);
    expect(res.body.import).toMatchObject({ tasksCreated: 3, rowsSkipped: 0 });
    const tasks = await server.db.kysely.selectFrom('tasks').select('data').where('project_id', '=', id).orderBy('id').execute();
    expect(tasks.map((t) => JSON.parse(t.data))).toEqual([
      { id: '1', text: '很好' },
      { id: '2', text: '太差了' },
      { id: '3', text: '一般' },
    ]);
  });

  it('skips and lists only the records without the key under skipBadLines', async () => {
    const id = await newProject('some-missing');
    const file = [JSON.stringify({ text: 'a' }), JSON.stringify({ body: 'b' }), JSON.stringify({ text: 'c' })].join('\n');
    const res = await uploadTasks(manager, id, 'mixed.jsonl', file, { skipBadLines: 'true' });
    expect(res.status).toBe(201);
    expect(res.body.import).toMatchObject({ tasksCreated: 2, rowsSkipped: 1 });
    // the code and details let the page say why in its own language
    expect(res.body.import.skipped).toEqual([{ line: 2, message: expect.stringMatching(/data key "text".*"body"/), code: 'missing_data_key', details: expect.objectContaining({ line: 2 }) }]);
  });

  it('counts the gold tasks among the tasks it created', async () => {
    const id = await newProject('gold-count');
    const truth = { id: 1, ground_truth: true, result: [{ id: 'g', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] };
    const file = JSON.stringify([{ id: 1, data: { text: 'gold one' }, annotations: [truth] }, { id: 2, data: { text: 'plain' } }]);
    const res = await uploadTasks(manager, id, 'gold.json', file);
    expect(res.status).toBe(201);
    expect(res.body.import).toMatchObject({ tasksCreated: 2, goldCreated: 1 });
  });

  it('says what is wrong with a bad mapping', async () => {
    const id = await newProject('bad-map');
    const res = await uploadTasks(manager, id, 'reviews.csv', REVIEWS_CSV, { fieldMap: '{"text": ' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/fieldMap: not JSON/);
    expect(await taskCount(id)).toBe(0);
  });
});
