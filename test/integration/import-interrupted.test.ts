import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { advisoryXactLock } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** The pid of a process that has exited: no process has it now (pids are not reused this quickly). */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
}

describe.each(DIALECTS)('imports interrupted by a dead process on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let projectId: number;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager } = await seedPeople(server, 0));
    projectId = (await manager.request('POST', '/api/projects', { name: 'imports', labelConfig: SENTIMENT_CONFIG, overlap: 1 })).body.project.id;
    expect((await uploadTasks(manager, projectId, 'ok.jsonl', JSON.stringify({ text: 'a' }))).status).toBe(201);
  });
  afterAll(async () => server?.stop());

  /** A history row as an import leaves it before its transaction commits. */
  async function runningRow(runner: string | null, ageMs: number): Promise<number> {
    const row = await server.db.kysely
      .insertInto('imports')
      .values({
        project_id: projectId,
        source_id: null,
        file_name: 'big.jsonl',
        format: 'auto',
        status: 'running',
        rows_read: 0,
        tasks_created: 0,
        tasks_updated: 0,
        rows_skipped: 0,
        skipped: '[]',
        error: null,
        created_by: manager.userId,
        created_at: server.clock.now - ageMs,
        finished_at: null,
        runner,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const statusOf = async (id: number) =>
    ((await manager.request('GET', `/api/projects/${projectId}/imports`)).body.imports as Array<{ id: number; status: string }>).find((i) => i.id === id)!.status;

  it('shows an import whose process died as interrupted, a live one as running, and a finished one as done', async () => {
    const dead = await runningRow(`${hostname()}:${deadPid()}`, 60_000);
    const legacy = await runningRow(null, 60_000);
    const young = await runningRow(`${hostname()}:${deadPid()}`, 1_000);
    expect(await statusOf(legacy)).toBe('interrupted');
    expect(await statusOf(young)).toBe('running'); // too recent to judge: its transaction may not have begun yet
    if (dialect === 'sqlite') {
      // SQLite: the runner's process is checked
      expect(await statusOf(dead)).toBe('interrupted');
      const live = await runningRow(`${hostname()}:${process.pid}`, 60_000);
      expect(await statusOf(live)).toBe('running');
    } else {
      // PostgreSQL: the import's advisory lock is checked, held by its transaction while it runs
      expect(await statusOf(dead)).toBe('interrupted');
      const live = await runningRow(`${hostname()}:${deadPid()}`, 60_000);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const transaction = server.db.kysely.transaction().execute(async (trx) => {
        await advisoryXactLock(trx, 'postgres', 'importRun', live); // what a running import's transaction holds
        locked();
        await held;
      });
      await isLocked;
      expect(await statusOf(live)).toBe('running');
      release();
      await transaction;
      expect(await statusOf(live)).toBe('interrupted');
    }
    const history = (await manager.request('GET', `/api/projects/${projectId}/imports`)).body.imports as Array<{ fileName: string; status: string }>;
    expect(history.find((i) => i.fileName === 'ok.jsonl')!.status).toBe('done');
  });
});
