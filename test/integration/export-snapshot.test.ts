import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/**
 * An export is one snapshot of the project, however long its download takes and whatever annotators and managers
 * commit meanwhile; a client that goes away mid-download frees the snapshot's connection.
 */

// Tasks big enough that the file (about 24 MB) cannot sit in the socket and stream buffers: while the test holds the
// download after its first bytes, the server is still reading the project page by page.
const TASKS = 3000;
const PADDING = 'x'.repeat(8000);
const PRIORITY_TASKS = 60;

/**
 * A download held open after its first bytes: read the rest later, or abort it (the socket is closed, as when a
 * browser tab is closed). node:http without keep-alive, so an aborted download leaves no connection behind.
 */
function startDownload(client: ApiClient, url: string): Promise<{ abort(): void; rest(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${client.baseUrl}${url}`, { headers: { cookie: client.cookie }, agent: false }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
      res.on('error', () => {});
      const chunks: Buffer[] = [];
      res.once('data', (chunk: Buffer) => {
        chunks.push(chunk);
        res.pause();
        resolve({
          abort: () => req.destroy(),
          rest: () =>
            new Promise((done, fail) => {
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
              res.on('error', fail);
              res.resume();
            }),
        });
      });
    });
    req.on('error', reject);
  });
}

describe.each(DIALECTS)('export snapshot on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let projectId: number;
  let key = 0;

  /** Each worker claims and answers `n` tasks; returns the answers' ids. */
  const work = async (n: number): Promise<number[]> => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      for (const w of workers) {
        const next = await w.request('POST', `/api/projects/${projectId}/next`);
        expect(next.status).toBe(200);
        const submitted = await w.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer('positive'), idempotencyKey: `k${key++}` });
        expect(submitted.status).toBe(200);
        ids.push(submitted.body.annotation.id);
      }
    }
    return ids;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 2));
    projectId = (await manager.request('POST', '/api/projects', { name: 'snapshot', labelConfig: SENTIMENT_CONFIG, overlap: 1 })).body.project.id;
    expect((await manager.request('PUT', `/api/projects/${projectId}/assignment-policy`, { policy: { order: 'priority' } })).status).toBe(200);
    // The last tasks come first to annotators, so the answers given during the download land on its last pages.
    const lines = Array.from({ length: TASKS }, (_, i) => JSON.stringify({ text: `t${i} ${PADDING}`, priority: i >= TASKS - PRIORITY_TASKS ? 1 : 0 }));
    expect((await uploadTasks(manager, projectId, 'big.jsonl', lines.join('\n'))).status).toBe(201);
  }, 120_000);
  afterAll(async () => server?.stop());

  const answersOf = async () =>
    (await server.db.kysely.selectFrom('annotations').select('id').where('project_id', '=', projectId).execute()).map((a) => a.id);

  it('shows the project as it was when the download began, with counters that agree with the answers', async () => {
    await work(5);
    const before = await answersOf();
    expect(before).toHaveLength(10);

    const download = await startDownload(manager, `/api/projects/${projectId}/export?format=ls-json`);
    // Committed while the file is being read: new answers on its last pages, and new tasks.
    await work(10);
    expect((await uploadTasks(manager, projectId, 'late.jsonl', '{"text":"late 1"}\n{"text":"late 2"}\n')).status).toBe(201);
    const tasks = JSON.parse(await download.rest()) as any[];

    expect(tasks).toHaveLength(TASKS);
    expect(tasks.some((t) => String(t.data.text).startsWith('late'))).toBe(false);
    const exportedAnswers = tasks.flatMap((t) => t.annotations.map((a: any) => a.id as number));
    expect(exportedAnswers.sort((a, b) => a - b)).toEqual([...before].sort((a, b) => a - b));
    for (const t of tasks) {
      expect(t.total_annotations).toBe(t.annotations.length);
      expect(t.is_labeled).toBe(t.annotations.length >= 1);
    }
    // A new export sees everything.
    const now = (await manager.request('GET', `/api/projects/${projectId}/export?format=jsonl`)).body as string;
    const lines = now.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(TASKS + 2);
    expect(lines.reduce((n, t) => n + t.annotations.length, 0)).toBe((await answersOf()).length);
  }, 120_000);

  it('frees the snapshot when the client goes away mid-download', async () => {
    // More abandoned downloads than PostgreSQL's snapshot pool holds (4): a snapshot kept after its client left
    // would make the next export wait for ever.
    for (let i = 0; i < 6; i++) {
      const download = await startDownload(manager, `/api/projects/${projectId}/export?format=${i % 2 ? 'csv' : 'jsonl'}`);
      download.abort();
    }
    const whole = await manager.request('GET', `/api/projects/${projectId}/export?format=jsonl`);
    expect(whole.status).toBe(200);
    expect((whole.body as string).trim().split('\n')).toHaveLength(TASKS + 2);

    if (dialect === 'sqlite') {
      // No read transaction is left behind: the WAL can be checkpointed to its end and truncated.
      const file = path.join(server.env.BIAOZHU_DATA_DIR!, 'biaozhu.sqlite');
      const probe = new Database(file);
      probe.pragma('busy_timeout = 0');
      try {
        await expect.poll(() => probe.pragma('wal_checkpoint(TRUNCATE)', { simple: false }), { timeout: 10_000 }).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
      } finally {
        probe.close();
      }
    }
  }, 120_000);
});
