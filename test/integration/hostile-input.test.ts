import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { answer, ApiClient, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type TestServer } from '../support/test-server.js';

/** A value nested `depth` arrays deep, built as text so the test itself never recurses. */
const deepArrayText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObjectText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Sends raw bytes as one HTTP request and returns the status line's code (0 when the server closed without answering). */
function rawRequest(port: number, head: string, body: Buffer, options: { cutAfter?: number } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, text: received });
    });
    socket.write(head);
    // The whole body is sent and the socket left open: the server answers, then closes (connection: close).
    if (options.cutAfter === undefined) socket.write(body);
    else {
      socket.write(body.subarray(0, options.cutAfter));
      // The client goes away mid-upload, as a dropped connection does.
      setTimeout(() => socket.destroy(), 100);
    }
  });
}

describe.each(DIALECTS)('hostile input on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let port: number;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
    port = Number(new URL(server.baseUrl).port);
  });
  afterAll(async () => server?.stop());

  async function project(tasks: number): Promise<number> {
    const created = await manager.request('POST', '/api/projects', { name: `p${Date.now()}${Math.random()}`, labelConfig: SENTIMENT_CONFIG });
    expect(created.status).toBe(201);
    const id = created.body.project.id as number;
    if (tasks > 0) {
      const rows = Array.from({ length: tasks }, (_, i) => JSON.stringify({ text: `text ${i}` })).join('\n');
      expect((await uploadTasks(manager, id, 'tasks.jsonl', rows)).status).toBe(201);
    }
    return id;
  }

  const taskCount = async (projectId: number) =>
    Number((await server.db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);

  describe('NUL bytes and lone surrogates', () => {
    it('refuse them at login, before any session exists, naming the field', async () => {
      const anonymous = new ApiClient(server.baseUrl);
      const nul = await anonymous.request('POST', '/api/auth/login', { email: 'a\u0000@t.local', password: 'whatever-password' });
      expect(nul.status).toBe(400);
      expect(nul.body.error).toMatchObject({ code: 'invalid_text', details: { field: 'body.email' } });
      expect(nul.body.error.message).toContain('NUL');
      const surrogate = await anonymous.request('POST', '/api/auth/login', { email: 'manager@t.local', password: 'pass\ud800word' });
      expect(surrogate.status).toBe(400);
      expect(surrogate.body.error).toMatchObject({ code: 'invalid_text', details: { field: 'body.password' } });
    });

    it('refuse them in any JSON body field and key, and in the query string', async () => {
      const name = await manager.request('POST', '/api/projects', { name: 'bad\u0000name', labelConfig: SENTIMENT_CONFIG });
      expect(name.status).toBe(400);
      expect(name.body.error.details.field).toBe('body.name');
      const key = await manager.request('POST', '/api/projects', { name: 'ok', labelConfig: { ...SENTIMENT_CONFIG, 'x\ud800': 1 } });
      expect(key.status).toBe(400);
      expect(key.body.error.code).toBe('invalid_text');
      const query = await manager.request('GET', '/api/projects?filter=a%00b');
      expect(query.status).toBe(400);
      expect(query.body.error).toMatchObject({ code: 'invalid_text', details: { field: 'query.filter' } });
      const id = await project(1);
      const next = await workers[0]!.request('POST', `/api/projects/${id}/next`);
      const submit = await workers[0]!.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, {
        result: [{ ...answer('positive')[0], meta: { note: 'x\u0000' } }],
        idempotencyKey: `nul-${id}`,
      });
      expect(submit.status).toBe(400);
      expect(submit.body.error.details.field).toBe('body.result[0].meta.note');
      // The lease is still there to answer properly.
      const ok = await workers[0]!.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer('positive'), idempotencyKey: `ok-${id}` });
      expect(ok.status).toBe(200);
    });

    it('refuse them in a multipart field, naming it, and import nothing', async () => {
      const id = await project(0);
      const up = await uploadTasks(manager, id, 'tasks.jsonl', '{"text":"a"}', { sourceName: 'web\u0000crawl' });
      expect(up.status).toBe(400);
      expect(up.body.error).toMatchObject({ code: 'invalid_text', details: { field: 'sourceName' } });
      expect(await taskCount(id)).toBe(0);
    });

    it('refuse an imported record holding one, naming the line, or skip it when asked', async () => {
      const id = await project(0);
      const rows = ['{"text":"fine"}', '{"text":"bad \\u0000 value"}', '{"te\\ud800xt":"bad key"}', '{"text":"fine too"}'].join('\n');
      const refused = await uploadTasks(manager, id, 'tasks.jsonl', rows);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_text', details: { line: 2, field: 'text' } });
      expect(refused.body.error.message).toContain('line 2');
      expect(await taskCount(id)).toBe(0);

      const skipped = await uploadTasks(manager, id, 'tasks.jsonl', rows, { skipBadLines: 'true' });
      expect(skipped.status).toBe(201);
      expect(skipped.body.import.tasksCreated).toBe(2);
      expect(skipped.body.import.skipped.map((s: { line: number }) => s.line)).toEqual([2, 3]);

      // A CSV value with a raw NUL byte past the first kilobyte (the sniffed head).
      const csv = `text\n${'x'.repeat(2000)}\nbad\u0000value\n`;
      const csvRefused = await uploadTasks(manager, id, 'tasks.csv', csv);
      expect(csvRefused.status).toBe(400);
      expect(csvRefused.body.error).toMatchObject({ code: 'invalid_text', details: { line: 3 } });
    });
  });

  describe('deep nesting', () => {
    it('refuses a submitted result nested 100,000 deep with the documented limit', async () => {
      const id = await project(1);
      const next = await workers[0]!.request('POST', `/api/projects/${id}/next`);
      const deep = await workers[0]!.request(
        'POST',
        `/api/assignments/${next.body.assignment.id}/submit`,
        `{"result":${deepArrayText(100_000)},"idempotencyKey":"deep-${id}"}`,
      );
      expect(deep.status).toBe(400);
      expect(deep.body.error).toMatchObject({ code: 'too_deep', details: { field: 'body.result', limit: 64 } });
      // A valid item keeps unknown keys as sent: a deep one there used to reach JSON.stringify and overflow the stack.
      const item = JSON.stringify(answer('positive')[0]).slice(0, -1);
      const deepExtra = await workers[0]!.request(
        'POST',
        `/api/assignments/${next.body.assignment.id}/submit`,
        `{"result":[${item},"meta":${deepObjectText(100_000)}}],"idempotencyKey":"deep2-${id}"}`,
      );
      expect(deepExtra.status).toBe(400);
      expect(deepExtra.body.error).toMatchObject({ code: 'too_deep', details: { field: 'body.result', limit: 64 } });
      const ok = await workers[0]!.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer('negative'), idempotencyKey: `fine-${id}` });
      expect(ok.status).toBe(200);
    });

    it('refuses an adjudication nested 100,000 deep', async () => {
      const id = await project(1);
      const next = await workers[0]!.request('POST', `/api/projects/${id}/next`);
      const taskId = next.body.assignment.taskId as number;
      const item = JSON.stringify(answer('positive')[0]).slice(0, -1);
      const deep = await manager.request('POST', `/api/tasks/${taskId}/adjudicate`, `{"result":[${item},"meta":${deepObjectText(100_000)}}]}`);
      expect(deep.status).toBe(400);
      expect(deep.body.error).toMatchObject({ code: 'too_deep', details: { field: 'body.result', limit: 64 } });
    });

    it('refuses an imported JSONL line or JSON element nested 100,000 deep, naming it', async () => {
      const id = await project(0);
      const jsonl = ['{"text":"fine"}', `{"text":${deepArrayText(100_000)}}`].join('\n');
      const refused = await uploadTasks(manager, id, 'tasks.jsonl', jsonl);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'too_deep', details: { line: 2, limit: 64 } });
      const json = `[{"text":"fine"},{"text":${deepArrayText(100_000)}}]`;
      const refusedJson = await uploadTasks(manager, id, 'tasks.json', json);
      expect(refusedJson.status).toBe(400);
      expect(refusedJson.body.error).toMatchObject({ code: 'too_deep', details: { line: 2, limit: 64 } });
      const skipped = await uploadTasks(manager, id, 'tasks.jsonl', jsonl, { skipBadLines: 'true' });
      expect(skipped.status).toBe(201);
      expect(skipped.body.import.skipped.map((s: { line: number }) => s.line)).toEqual([2]);
    });
  });

  it('refuses a Label Studio config with a DOCTYPE, without reading entities', async () => {
    const xml = (doctype: string) =>
      `<?xml version="1.0"?>${doctype}<View><Text name="text" value="$text"/><Choices name="s" toName="text"><Choice value="&x;"/></Choices></View>`;
    for (const doctype of ['<!DOCTYPE View [<!ENTITY x SYSTEM "file:///etc/passwd">]>', '<!DOCTYPE View [<!ENTITY x "aaaaaaaaaaaaaaaa">]>']) {
      const res = await manager.request('POST', '/api/projects', { name: 'xml', labelConfig: xml(doctype) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('xml_doctype');
      expect(res.body.error.message).toContain('DOCTYPE');
    }
  });

  describe('truncated multipart uploads', () => {
    const boundary = 'bzboundary1234';
    const multipart = (fileContent: string) =>
      Buffer.from(
        [
          ...Object.entries({ sourceName: 'cut', sourceLicense: 'CC0', collectionMethod: 'generated', containsPersonalInfo: 'false' }).map(
            ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
          ),
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="tasks.jsonl"\r\ncontent-type: application/octet-stream\r\n\r\n${fileContent}\r\n--${boundary}--\r\n`,
        ].join(''),
      );
    const head = (projectId: number, length: number) =>
      `POST /api/projects/${projectId}/imports HTTP/1.1\r\nhost: 127.0.0.1\r\ncookie: ${manager.cookie}\r\nx-csrf-token: ${manager.csrf}\r\n` +
      `content-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: ${length}\r\nconnection: close\r\n\r\n`;
    const rows = Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: `row ${i}` })).join('\n');

    it('answers a body that ends before the closing boundary with a 400 and imports nothing', async () => {
      const id = await project(0);
      const full = multipart(rows);
      const cut = full.subarray(0, full.length - 300);
      const res = await rawRequest(port, head(id, cut.length), cut);
      expect(res.status).toBe(400);
      expect(res.text).toContain('upload_truncated');
      expect(await taskCount(id)).toBe(0);
    });

    it('imports nothing when the client drops the connection mid-upload, and keeps serving', async () => {
      const id = await project(0);
      const full = multipart(rows);
      await rawRequest(port, head(id, full.length), full, { cutAfter: full.length - 300 });
      expect(await taskCount(id)).toBe(0);
      expect((await manager.request('GET', '/api/health')).status).toBe(200);
    });
  });

  it('refuses __proto__ as the key that keeps the original text, which would silently drop it', async () => {
    const id = await project(0);
    const res = await manager.request('PUT', `/api/projects/${id}/intake-settings`, { keepOriginal: true, originalKey: '__proto__' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_original_key', details: { field: 'originalKey' } });
  });

  it('refuses a multipart field longer than its limit instead of cutting it, naming the field and the limit', async () => {
    const id = await project(0);
    const up = await uploadTasks(manager, id, 'tasks.jsonl', '{"text":"a"}', { legalBasis: 'x'.repeat(70_000) });
    expect(up.status).toBe(400);
    expect(up.body.error).toMatchObject({ code: 'field_too_long', details: { field: 'legalBasis' } });
    expect(up.body.error.message).toMatch(/legalBasis.*\d/);
    const longName = await uploadTasks(manager, id, `${'n'.repeat(400)}.jsonl`, '{"text":"a"}');
    expect(longName.status).toBe(400);
    expect(longName.body.error).toMatchObject({ code: 'field_too_long', details: { field: 'file.filename' } });
    expect(await taskCount(id)).toBe(0);
  });
});
