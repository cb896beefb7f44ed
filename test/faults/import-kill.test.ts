import { hashSecret, newSecret } from '@biaozhu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ownedDb, seedProject, sleep, startServerProcess, type OwnedDb, type ServerProcess } from '../support/processes.js';

/** Enough lines that the import transaction runs for seconds, long enough to be killed in the middle. */
const LINES = 600_000;

/**
 * A project on a fresh database, a server process over it and an upload of LINES records to it under way (the
 * upload's promise holds the error the client sees when the server dies).
 */
async function startBigImport(owned: OwnedDb, fileName: string, servers: ServerProcess[]) {
  const db = await owned.open();
  const seeded = await seedProject(db, { annotators: 0, tasks: 0, overlap: 1 });
  const token = `bz_${newSecret(24)}`;
  await db.kysely
    .insertInto('api_tokens')
    .values({ user_id: seeded.manager.userId, token_hash: hashSecret(token), name: 'import', created_at: Date.now(), last_used_at: null })
    .execute();
  const auth = { authorization: `Bearer ${token}` };
  const server = await startServerProcess({ env: owned.env });
  servers.push(server);
  const body = Array.from({ length: LINES }, (_, i) => `{"text":"review number ${i} of ${fileName}"}`).join('\n');
  const form = new FormData();
  for (const [k, v] of Object.entries({ sourceName: 'kill test', sourceLicense: 'CC0', collectionMethod: 'generated', containsPersonalInfo: 'false' })) form.append(k, v);
  form.append('file', new Blob([body]), fileName);
  const upload = fetch(`${server.baseUrl}/api/projects/${seeded.projectId}/imports`, { method: 'POST', headers: auth, body: form }).catch((e: unknown) => e);
  return { db, projectId: seeded.projectId, auth, server, upload };
}

/** The status the history API shows for an import, asked until it is not `running` (or 60 s have passed). */
async function settledStatus(server: ServerProcess, auth: Record<string, string>, projectId: number, importId: number): Promise<string | undefined> {
  let status: string | undefined;
  const asked = Date.now();
  while (Date.now() - asked < 60_000) {
    const res = await fetch(`${server.baseUrl}/api/projects/${projectId}/imports`, { headers: auth });
    const history = (await res.json()) as { imports: Array<{ id: number; status: string }> };
    status = history.imports.find((i) => i.id === importId)?.status;
    if (status !== 'running') break;
    await sleep(500);
  }
  return status;
}

describe.each(DIALECTS)('kill -9 during an import on %s', (dialect) => {
  const servers: ServerProcess[] = [];
  let owned: OwnedDb | undefined;

  afterAll(async () => {
    for (const s of servers) await s.kill9();
    await owned?.drop();
  });

  it('saves nothing of the file, and the history shows the import as interrupted after a restart', async () => {
    owned = ownedDb(dialect, 'bz_import_kill');
    const { db, projectId, auth, server: first, upload } = await startBigImport(owned, 'big.jsonl', servers);

    // Wait until the import's transaction is under way (its history row says running), then kill the server.
    const started = Date.now();
    let row: { id: number; status: string } | undefined;
    while (Date.now() - started < 60_000) {
      row = await db.kysely.selectFrom('imports').select(['id', 'status']).where('project_id', '=', projectId).executeTakeFirst();
      if (row) break;
      await sleep(20);
    }
    expect(row?.status, first.output()).toBe('running');
    await sleep(500);
    await first.kill9();
    expect(await upload).toBeInstanceOf(Error); // the client saw the connection drop, not an answer

    const after = await db.kysely.selectFrom('imports').select(['status']).where('id', '=', row!.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('running'); // what the row says: nobody could mark it
    const tasks = await db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    expect(Number(tasks.n)).toBe(0);
    await db.close();

    const second = await startServerProcess({ env: owned.env });
    servers.push(second);
    // Rows younger than 10 s are not judged (the lock is taken just after the row is written): ask until the grace
    // has passed, however long the loaded machine took to get here.
    const status = await settledStatus(second, auth, projectId, row!.id);
    expect(status).toBe('interrupted');

    // The restarted server's recovery pass marks it so in the audit log and deletes whatever it had staged.
    const settled = Date.now();
    let failedEvents = 0;
    let staged = -1;
    const db2 = await owned.open();
    try {
      while (Date.now() - settled < 60_000) {
        failedEvents = (await db2.kysely.selectFrom('audit_events').select('id').where('action', '=', 'import.failed').where('entity_id', '=', String(row!.id)).execute()).length;
        staged = Number((await db2.kysely.selectFrom('import_staged_tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        if (failedEvents === 1 && staged === 0) break;
        await sleep(500);
      }
    } finally {
      await db2.close();
    }
    expect(failedEvents).toBe(1);
    expect(staged).toBe(0);
  }, 180_000);

  // Only SQLite publishes in batches after its commit; a PostgreSQL import is one transaction (the test above).
  it.skipIf(dialect !== 'sqlite')('finishes an import killed while publishing its tasks: every record becomes a task exactly once', async () => {
    const mine = ownedDb(dialect, 'bz_import_kill_publish');
    try {
      const { db, projectId, auth, server: first, upload } = await startBigImport(mine, 'publish.jsonl', servers);
  
      // Kill it once it has committed and published some of its tasks, before it has published them all.
      const started = Date.now();
      let row: { id: number; phase: string | null; published_seq: number } | undefined;
      while (Date.now() - started < 120_000) {
        row = await db.kysely.selectFrom('imports').select(['id', 'phase', 'published_seq']).where('project_id', '=', projectId).executeTakeFirst();
        if (row?.phase === 'publishing' && row.published_seq > 0) break;
        await sleep(10);
      }
      expect(row?.phase, first.output()).toBe('publishing');
      await first.kill9();
      expect(await upload).toBeInstanceOf(Error);
      const visible = Number((await db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);
      expect(visible).toBeGreaterThan(0);
      expect(visible).toBeLessThan(LINES);

      const second = await startServerProcess({ env: mine.env });
      servers.push(second);
      const status = await settledStatus(second, auth, projectId, row!.id);
      expect(status, second.output()).toBe('done');
      const tasks = await db.kysely
        .selectFrom('tasks')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('data').distinct().as('distinct')])
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow();
      expect(Number(tasks.n)).toBe(LINES);
      expect(Number(tasks.distinct)).toBe(LINES);
      const project = await db.kysely.selectFrom('projects').select(['task_count']).where('id', '=', projectId).executeTakeFirstOrThrow();
      expect(project.task_count).toBe(LINES);
      const done = await db.kysely.selectFrom('audit_events').select('id').where('action', '=', 'import.done').where('entity_id', '=', String(row!.id)).execute();
      expect(done).toHaveLength(1);
      await db.close();
    } finally {
      await mine.drop();
    }
  }, 300_000);
});
