import { hashSecret, newSecret } from '@biaozhu/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ownedDb, seedProject, sleep, startServerProcess, type OwnedDb, type ServerProcess } from '../support/processes.js';

/** Enough lines that the import transaction runs for seconds, long enough to be killed in the middle. */
const LINES = 600_000;

describe.each(DIALECTS)('kill -9 during an import on %s', (dialect) => {
  const servers: ServerProcess[] = [];
  let owned: OwnedDb | undefined;

  afterAll(async () => {
    for (const s of servers) await s.kill9();
    await owned?.drop();
  });

  it('saves nothing of the file, and the history shows the import as interrupted after a restart', async () => {
    owned = ownedDb(dialect, 'bz_import_kill');
    const db = await owned.open();
    const seeded = await seedProject(db, { annotators: 0, tasks: 0, overlap: 1 });
    const token = `bz_${newSecret(24)}`;
    await db.kysely
      .insertInto('api_tokens')
      .values({ user_id: seeded.manager.userId, token_hash: hashSecret(token), name: 'import', created_at: Date.now(), last_used_at: null })
      .execute();
    const auth = { authorization: `Bearer ${token}` };

    const first = await startServerProcess({ env: owned.env });
    servers.push(first);
    const body = Array.from({ length: LINES }, (_, i) => `{"text":"review number ${i} of the interrupted import"}`).join('\n');
    const form = new FormData();
    for (const [k, v] of Object.entries({ sourceName: 'kill test', sourceLicense: 'CC0', collectionMethod: 'generated', containsPersonalInfo: 'false' })) form.append(k, v);
    form.append('file', new Blob([body]), 'big.jsonl');
    const upload = fetch(`${first.baseUrl}/api/projects/${seeded.projectId}/imports`, { method: 'POST', headers: auth, body: form }).catch(
      (e: unknown) => e,
    );

    // Wait until the import's transaction is under way (its history row says running), then kill the server.
    const started = Date.now();
    let row: { id: number; status: string } | undefined;
    while (Date.now() - started < 60_000) {
      row = await db.kysely.selectFrom('imports').select(['id', 'status']).where('project_id', '=', seeded.projectId).executeTakeFirst();
      if (row) break;
      await sleep(20);
    }
    expect(row?.status, first.output()).toBe('running');
    await sleep(500);
    await first.kill9();
    expect(await upload).toBeInstanceOf(Error); // the client saw the connection drop, not an answer

    const after = await db.kysely.selectFrom('imports').select(['status']).where('id', '=', row!.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('running'); // what the row says: nobody could mark it
    const tasks = await db.kysely.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', seeded.projectId).executeTakeFirstOrThrow();
    expect(Number(tasks.n)).toBe(0);
    await db.close();

    const second = await startServerProcess({ env: owned.env });
    servers.push(second);
    // Rows younger than 10 s are not judged (the lock is taken just after the row is written): ask until the grace
    // has passed, however long the loaded machine took to get here.
    let status: string | undefined;
    const asked = Date.now();
    while (Date.now() - asked < 60_000) {
      const res = await fetch(`${second.baseUrl}/api/projects/${seeded.projectId}/imports`, { headers: auth });
      const history = (await res.json()) as { imports: Array<{ id: number; status: string }> };
      status = history.imports.find((i) => i.id === row!.id)?.status;
      if (status !== 'running') break;
      await sleep(500);
    }
    expect(status).toBe('interrupted');
  }, 180_000);
});
