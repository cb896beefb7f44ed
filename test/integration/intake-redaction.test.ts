import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { uploadForCleaning, waitForJob } from '../support/intake-helpers.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

const PHONE = '13812345678';
const EMAIL = 'li.si@example.com';
/** A pipeline that does nothing to personal information itself: only the project's policy redacts it. */
const NORMALIZE_ONLY = { steps: [{ step: 'normalize' }] };

describe.each(DIALECTS)("the project's redaction policy on every import path, on %s", (dialect) => {
  let server: TestServer;
  let manager: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager } = await seedPeople(server, 0));
  });
  afterAll(async () => server?.stop());

  const newProject = async (name: string) => {
    const id = (await manager.request('POST', '/api/projects', { name, labelConfig: SENTIMENT_CONFIG })).body.project.id as number;
    const put = await manager.request('PUT', `/api/projects/${id}/intake-settings`, { redactPii: { kinds: ['phone', 'email'], mode: 'placeholder' } });
    expect(put.status).toBe(200);
    expect(put.body.settings.redactPii).toEqual({ kinds: ['phone', 'email'], mode: 'placeholder' });
    return id;
  };
  /** Every byte the project stores about its tasks. */
  const stored = async (projectId: number) =>
    JSON.stringify(await server.db.kysely.selectFrom('tasks').select(['data']).where('project_id', '=', projectId).orderBy('id').execute());

  it('never stores the named kinds in clear from a direct upload, and counts what it redacted', async () => {
    const id = await newProject('direct');
    const file = [{ text: `电话 ${PHONE}，邮箱 ${EMAIL}` }, { text: 'nothing personal', note: { who: EMAIL } }].map((r) => JSON.stringify(r)).join('\n');
    const res = await uploadTasks(manager, id, 'people.jsonl', file);
    expect(res.status).toBe(201);
    expect(res.body.import.piiRedacted).toEqual({ records: 2, found: { phone: 1, email: 2 } });
    const all = await stored(id);
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain(EMAIL);
    expect(all).toContain('[PHONE]');
  });

  it('applies it to a cleaning job whose own pipeline does not redact, and to the original text the job keeps', async () => {
    const id = await newProject('cleaning');
    await manager.request('PUT', `/api/projects/${id}/intake-settings`, { keepOriginal: true, originalKey: 'raw' });
    const up = await uploadForCleaning(manager, id, 'c.jsonl', JSON.stringify({ text: `call ${PHONE} now` }) + '\n', NORMALIZE_ONLY);
    expect(up.status).toBe(202);
    const job = await waitForJob(manager, up.body.job.id as number, 60_000);
    expect(job.status).toBe('done');
    const all = await stored(id);
    expect(all).toContain('[PHONE]');
    expect(all).not.toContain(PHONE);
  });

  it('refuses a Label Studio record with annotations whose text it would change, naming the line; nothing is stored', async () => {
    const id = await newProject('annotated');
    const tasks = [
      { id: 1, data: { text: 'fine' } },
      { id: 2, data: { text: `phone ${PHONE}` }, annotations: [{ id: 9, result: [{ id: 'r', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] }] },
    ];
    const res = await uploadTasks(manager, id, 'ls.json', JSON.stringify(tasks));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'pii_in_annotated_record', details: { line: 2, kinds: ['phone'] } });
    expect(await stored(id)).toBe('[]');
  });

  it('says what is wrong with a bad policy', async () => {
    const id = (await manager.request('POST', '/api/projects', { name: 'bad-policy', labelConfig: SENTIMENT_CONFIG })).body.project.id as number;
    const res = await manager.request('PUT', `/api/projects/${id}/intake-settings`, { redactPii: { kinds: ['fingerprint'], mode: 'mask' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toMatch(/redactPii/);
  });
});
