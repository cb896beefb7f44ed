import fs from 'node:fs';
import { JobRunner, liveJobProgress, runCleaningJob, CLEANING_JOB_KIND, intakeSpoolRoot } from '@biaozhu/core';
import { cleanRecords } from '@biaozhu/core/cleaning/index';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';
import { COMPLETE_SOURCE, sampleJsonl, uploadForCleaning, waitForJob } from '../support/intake-helpers.js';

const PIPELINE = { textField: 'text', steps: [{ step: 'normalize' }, { step: 'dedup-exact' }, { step: 'pii', mode: 'mask' }] };

describe.each(DIALECTS)('cleaning jobs on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  const runners: JobRunner[] = [];
  const newRunner = (workerId: string) => {
    const r = new JobRunner(server.ctx, { [CLEANING_JOB_KIND]: runCleaningJob }, { workerId, pollMs: 20, lockMs: 60_000, heartbeatMs: 20 });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    // the tests start and stop runners themselves, to kill one mid-job and resume with another
    server = await startTestServer(dialect, { runJobs: false });
    ({ manager } = await seedPeople(server, 0));
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
  });
  afterAll(async () => {
    if (server) fs.rmSync(intakeSpoolRoot(server.db), { recursive: true, force: true });
    await server?.stop();
  });

  const newProject = async () =>
    (await manager.request('POST', '/api/projects', { name: 'clean', labelConfig: SENTIMENT_CONFIG, overlap: 1 })).body.project.id as number;
  const tasksOf = async (projectId: number) =>
    (await server.db.kysely.selectFrom('tasks').select(['data']).where('project_id', '=', projectId).orderBy('id').execute()).map(
      (r) => JSON.parse(r.data) as Record<string, unknown>,
    );
  const expected = async (jsonl: string) =>
    cleanRecords(
      PIPELINE,
      jsonl
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );

  it('cleans an upload in the background, imports the survivors and stores the report with the import', async () => {
    const id = await newProject();
    const jsonl = sampleJsonl(300);
    const up = await uploadForCleaning(manager, id, 'reviews.jsonl', jsonl, PIPELINE);
    expect(up.status).toBe(202);
    expect(up.body.job).toMatchObject({ status: 'queued', fileName: 'reviews.jsonl', bytesTotal: Buffer.byteLength(jsonl) });
    newRunner('w1').start();
    const job = await waitForJob(manager, up.body.job.id);
    expect(job.status).toBe('done');
    expect(job.progress).toBe(1);
    const want = await expected(jsonl);
    expect(job.tasksCreated).toBe(want.records.length);
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => t.text)).toEqual(want.records.map((r) => r.text));
    expect(tasks.some((t) => String(t.text).includes('13812345678'))).toBe(false);
    expect(tasks.some((t) => String(t.text).includes('138****5678'))).toBe(true);
    expect(tasks.every((t) => !('originalText' in t))).toBe(true);

    const report = await manager.request('GET', `/api/cleaning-jobs/${job.id}/report`);
    expect(report.status).toBe(200);
    expect(report.body.report.importId).toBe(job.importId);
    const r = report.body.report.report;
    expect(r.input).toBe(300);
    expect(r.output).toBe(want.records.length);
    expect(r.steps.map((s: { step: string }) => s.step)).toEqual(['normalize', 'dedup-exact', 'pii']);
    expect(r.steps[1].findings.duplicate.count).toBe(want.report.steps[1]!.findings.duplicate!.count);
    expect(r.steps[2].findings.phone.count).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toContain('13812345678');
    const imports = await manager.request('GET', `/api/projects/${id}/imports`);
    expect(imports.body.imports[0]).toMatchObject({ id: job.importId, status: 'done', tasksCreated: want.records.length, sourceName: 'vendor crawl 2026-11' });
    expect(fs.existsSync(intakeSpoolRoot(server.db)) ? fs.readdirSync(intakeSpoolRoot(server.db)) : []).toEqual([]);
  });

  it('keeps the original text under the configured key when the project says so', async () => {
    const id = await newProject();
    await manager.request('PUT', `/api/projects/${id}/intake-settings`, { keepOriginal: true, originalKey: 'raw' });
    const up = await uploadForCleaning(manager, id, 'o.jsonl', '{"text":"Ｈｅｌｌｏ 13812345678"}\n', PIPELINE);
    newRunner('w1').start();
    expect((await waitForJob(manager, up.body.job.id)).status).toBe('done');
    expect(await tasksOf(id)).toEqual([{ text: 'Hello 138****5678', raw: 'Ｈｅｌｌｏ 13812345678' }]);
    const report = await manager.request('GET', `/api/cleaning-jobs/${up.body.job.id}/report`);
    expect(report.body.report.report).toMatchObject({ keptOriginal: true, originalKey: 'raw' });
  });

  it('carries external ids and Label Studio annotations through the pipeline', async () => {
    const id = await newProject();
    const ls = [
      { id: 'a-1', data: { text: 'Ｇｏｏｄ 13812345678' }, annotations: [{ id: 1, result: [{ id: 'r', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] }] },
      { id: 'a-2', data: { text: 'Ｇｏｏｄ 13812345678' } },
    ];
    const up = await uploadForCleaning(manager, id, 'ls.json', JSON.stringify(ls), PIPELINE);
    newRunner('w1').start();
    expect((await waitForJob(manager, up.body.job.id)).status).toBe('done');
    const rows = await server.db.kysely.selectFrom('tasks').select(['id', 'external_id', 'data', 'answer_count']).where('project_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ external_id: 'a-1', answer_count: 1 });
    expect(JSON.parse(rows[0]!.data)).toEqual({ text: 'Good 138****5678' });
  });

  it('refuses a bad pipeline naming the path, and a job failing on a bad line imports nothing', async () => {
    const id = await newProject();
    const bad = await uploadForCleaning(manager, id, 'x.jsonl', '{"text":"x"}\n', { steps: [{ step: 'dedup-near', threshold: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('steps[0].threshold');
    const up = await uploadForCleaning(manager, id, 'y.jsonl', '{"text":"ok"}\n{"text": oops}\n', PIPELINE);
    newRunner('w1').start();
    const job = await waitForJob(manager, up.body.job.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('line 2');
    expect(await tasksOf(id)).toEqual([]);
  });

  it('reports a missing data key, and runs with the column mapping the manager then gives', async () => {
    const id = await newProject();
    const file = '{"review":"Ｇｏｏｄ 13812345678"}\n{"review":"差评"}\n';
    const first = await uploadForCleaning(manager, id, 'reviews.jsonl', file, PIPELINE);
    newRunner('w1').start();
    const failed = await waitForJob(manager, first.body.job.id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'missing_data_key' });
    expect(failed.errorDetails).toMatchObject({ line: 1, key: 'text', keys: ['review'] });
    expect(await tasksOf(id)).toEqual([]);
    // the mapping is checked when the job is queued
    const badMap = await uploadForCleaning(manager, id, 'reviews.jsonl', file, PIPELINE, { ...COMPLETE_SOURCE, fieldMap: '{"text": 3}' });
    expect(badMap.status).toBe(400);
    expect(badMap.body.error).toMatchObject({ code: 'invalid_field_map', details: { field: 'fieldMap.text' } });
    const mapped = await uploadForCleaning(manager, id, 'reviews.jsonl', file, PIPELINE, { ...COMPLETE_SOURCE, fieldMap: JSON.stringify({ text: 'review' }) });
    expect(mapped.status).toBe(202);
    const done = await waitForJob(manager, mapped.body.job.id);
    expect(done).toMatchObject({ status: 'done', tasksCreated: 2 });
    // mapped before the pipeline: the column that became `text` was cleaned (normalised, phone masked)
    expect(await tasksOf(id)).toEqual([{ text: 'Good 138****5678' }, { text: '差评' }]);
  });

  it('cancels a job: nothing is imported and the spooled upload is deleted', async () => {
    const id = await newProject();
    const up = await uploadForCleaning(manager, id, 'c.jsonl', sampleJsonl(50), PIPELINE);
    const cancel = await manager.request('POST', `/api/cleaning-jobs/${up.body.job.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.job.status).toBe('cancelled');
    expect((await manager.request('POST', `/api/cleaning-jobs/${up.body.job.id}/cancel`)).status).toBe(409);
    const runner = newRunner('w1');
    expect(await runner.runOnce()).toBe(false);
    expect(await tasksOf(id)).toEqual([]);
    expect(fs.readdirSync(intakeSpoolRoot(server.db))).toEqual([]);
  });

  it('stores the images of an image archive and imports them as tasks pointing at the served images', async () => {
    const made = await manager.request('POST', '/api/projects', {
      name: 'photos',
      labelConfig: { objects: [{ type: 'image', name: 'image', value: 'image' }], controls: [{ type: 'choices', name: 'c', toName: 'image', choices: [{ value: 'ok' }] }] },
      overlap: 1,
    });
    const id = made.body.project.id as number;
    const png = await sharp({ create: { width: 12, height: 8, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    const zip = zipSync({ 'a.png': png });
    // the text steps pass records without text through (missingText: pass, the default)
    const up = await uploadForCleaning(manager, id, 'photos.zip', zip, { textField: 'text', missingText: 'pass', steps: [{ step: 'normalize' }] });
    expect(up.status, JSON.stringify(up.body)).toBe(202);
    newRunner('w-images').start();
    expect((await waitForJob(manager, up.body.job.id)).status).toBe('done');
    const task = await server.db.kysely.selectFrom('tasks').select('data').where('project_id', '=', id).executeTakeFirstOrThrow();
    const data = JSON.parse(task.data) as { image: string; width: number; height: number };
    expect([data.width, data.height]).toEqual([12, 8]);
    const res = await fetch(`${server.baseUrl}${data.image}`, { headers: { cookie: manager.cookie } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses a source name over its limit instead of cutting it, as a direct import does', async () => {
    const id = await newProject();
    const up = await uploadForCleaning(manager, id, 'reviews.jsonl', sampleJsonl(3), PIPELINE, { ...COMPLETE_SOURCE, sourceName: '数'.repeat(400) });
    expect(up.status).toBe(400);
    expect(up.body.error).toMatchObject({ code: 'field_too_long', details: { field: 'source.name', limit: 1000 } });
  });

  it('cancels a running job at its next heartbeat', async () => {
    const id = await newProject();
    const up = await uploadForCleaning(manager, id, 'big.jsonl', sampleJsonl(60_000), { ...PIPELINE, batchSize: 256 });
    const jobId = up.body.job.id as number;
    newRunner('w1').start();
    await until(() => (liveJobProgress(jobId)?.detail.recordsIn as number | undefined ?? 0) > 0);
    await manager.request('POST', `/api/cleaning-jobs/${jobId}/cancel`);
    const job = await waitForJob(manager, jobId);
    expect(job.status).toBe('cancelled');
    await until(() => liveJobProgress(jobId) === undefined);
    expect(await tasksOf(id)).toEqual([]);
  });

  it('resumes a job after its runner is stopped mid-way, importing every record exactly once', async () => {
    const id = await newProject();
    const jsonl = sampleJsonl(60_000);
    const up = await uploadForCleaning(manager, id, 'resume.jsonl', jsonl, { ...PIPELINE, batchSize: 256 });
    const jobId = up.body.job.id as number;
    const first = newRunner('first').start();
    await until(() => (liveJobProgress(jobId)?.detail.recordsIn as number | undefined ?? 0) > 1000);
    const mid = await manager.request('GET', `/api/cleaning-jobs/${jobId}`);
    expect(mid.body.job.status).toBe('running');
    expect(mid.body.job.bytesRead).toBeGreaterThan(0);
    await first.stop();
    const stopped = await server.db.kysely.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(stopped.status).toBe('running');
    expect(await tasksOf(id)).toEqual([]);

    newRunner('second').start();
    // 60,000 records cleaned and imported twice over: generous bounds, as the suite shares two cores with other files
    const job = await waitForJob(manager, jobId, 170_000);
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(2);
    const want = await expected(jsonl);
    const tasks = await tasksOf(id);
    expect(tasks.length).toBe(want.records.length);
    expect(new Set(tasks.map((t) => t.n)).size).toBe(tasks.length);
    const reports = await server.db.kysely.selectFrom('cleaning_reports').select('import_id').where('job_id', '=', jobId).execute();
    expect(reports).toHaveLength(1);
  }, 180_000);

  it('picks up a job of a crashed process only once its lock has expired', async () => {
    const id = await newProject();
    const jsonl = sampleJsonl(500);
    const up = await uploadForCleaning(manager, id, 'crash.jsonl', jsonl, PIPELINE);
    const jobId = up.body.job.id as number;
    // What a kill -9 leaves behind: a running row locked by a dead process, the spooled upload on disk.
    await server.db.kysely
      .updateTable('jobs')
      .set({ status: 'running', locked_by: 'dead-process', locked_until: server.clock.now + 60_000, attempts: 1 })
      .where('id', '=', jobId)
      .execute();
    const runner = newRunner('after-restart');
    expect(await runner.runOnce()).toBe(false);
    server.clock.advance(60_001);
    expect(await runner.runOnce()).toBe(true);
    const job = await waitForJob(manager, jobId);
    expect(job.status).toBe('done');
    expect((await tasksOf(id)).length).toBe((await expected(jsonl)).records.length);
  });
});

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
