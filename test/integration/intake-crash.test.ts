import fs from 'node:fs';
import path from 'node:path';
import { intakeSpoolRoot } from '@biaozhu/core';
import { cleanRecords } from '@biaozhu/core/cleaning/index';
import { afterAll, describe, expect, it } from 'vitest';
import { ownedDb, seedProject, startServerProcess, type ServerProcess } from '../support/processes.js';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient } from '../support/test-server.js';
import { sampleJsonl, uploadForCleaning, waitForJob } from '../support/intake-helpers.js';

const PIPELINE = { textField: 'text', batchSize: 256, steps: [{ step: 'normalize' }, { step: 'dedup-exact' }, { step: 'pii', mode: 'mask' }] };

describe.each(DIALECTS)('cleaning job survives kill -9 of the server on %s', (dialect) => {
  const owned = ownedDb(dialect, 'bz_intake_crash');
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9();
    const db = await owned.open();
    fs.rmSync(intakeSpoolRoot(db), { recursive: true, force: true });
    await db.close();
    await owned.drop();
  });

  it.each(['cleaning', 'importing'])('killed while %s, the job resumes after a restart and imports every record exactly once', async (phase) => {
    const db = await owned.open();
    const seeded = phase === 'cleaning' ? await seedProject(db, { annotators: 0, tasks: 0, overlap: 1 }) : { projectId: await secondProject(db) };
    const env = { ...owned.env, BIAOZHU_JOB_LOCK_MS: '1500' };
    server = await startServerProcess({ env });
    let manager = await ApiClient.login(server.baseUrl, 'manager@t.local', 'password-shared');
    const jsonl = sampleJsonl(150_000);
    const up = await uploadForCleaning(manager, seeded.projectId, 'crash.jsonl', jsonl, PIPELINE);
    expect(up.status).toBe(202);
    const jobId = up.body.job.id as number;
    for (let i = 0; ; i++) {
      const job = (await manager.request('GET', `/api/cleaning-jobs/${jobId}`)).body.job;
      if (job.status === 'running' && job.bytesRead > 0 && job.phase === phase) break;
      expect(job.status, 'the job is still going when the server is killed').not.toBe('done');
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.kill9();
    const row = await db.kysely.selectFrom('jobs').select(['status', 'locked_by']).where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(row.status).toBe('running');
    expect(fs.readdirSync(intakeSpoolRoot(db))).toHaveLength(1);
    if (phase === 'importing') expect(fs.readdirSync(fs.readdirSync(intakeSpoolRoot(db)).map((d) => path.join(intakeSpoolRoot(db), d))[0]!)).toContain('cleaned.jsonl');
    const before = await db.kysely.selectFrom('tasks').select('id').where('project_id', '=', seeded.projectId).execute();
    expect(before).toHaveLength(0);

    server = await startServerProcess({ env });
    manager = await ApiClient.login(server.baseUrl, 'manager@t.local', 'password-shared');
    const job = await waitForJob(manager, jobId, 120_000);
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(2);
    const want = await cleanRecords(
      PIPELINE,
      jsonl
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );
    const rows = await db.kysely.selectFrom('tasks').select('data').where('project_id', '=', seeded.projectId).execute();
    expect(rows.length).toBe(want.records.length);
    expect(new Set(rows.map((r) => (JSON.parse(r.data) as { n: number }).n)).size).toBe(rows.length);
    const reports = await db.kysely.selectFrom('cleaning_reports').select('id').where('job_id', '=', jobId).execute();
    expect(reports).toHaveLength(1);
    expect(fs.existsSync(path.join(intakeSpoolRoot(db))) ? fs.readdirSync(intakeSpoolRoot(db)) : []).toEqual([]);
    await server.kill9();
    await db.close();
  }, 240_000);
});

/** A second project in the seeded organisation, for the second crash. */
async function secondProject(db: Awaited<ReturnType<ReturnType<typeof ownedDb>['open']>>): Promise<number> {
  const first = await db.kysely.selectFrom('projects').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const { id: _id, ...rest } = first;
  const row = await db.kysely.insertInto('projects').values({ ...rest, name: 'second', task_count: 0, completed_count: 0 }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
