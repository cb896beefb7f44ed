import { AGGREGATION_JOB_KIND, finishJob, JobRunner, runAggregationJob } from '@biaozhu/core';
import { dropStaleGenerations, publishGeneration, stageGeneration, type ComputedAggregate } from '@biaozhu/core/quality-work/aggregate-generations';
import { JOB_HANDLERS } from '@biaozhu/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlRows, qualityProject, texts, userWithRole, waitForJob, workAll } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';

/** The runner's default lock, as BIAOZHU_JOB_LOCK_MS leaves it. */
const LOCK_MS = 60_000;

describe.each(DIALECTS)('aggregation generations on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    // runners are driven by the tests
    server = await startTestServer(dialect, { runJobs: false });
    ({ manager, workers } = await seedPeople(server, 3));
  });
  afterAll(async () => server?.stop());

  async function aggregates(projectId: number) {
    const rows = jsonlRows((await manager.request('GET', `/api/projects/${projectId}/aggregates?format=jsonl`)).body);
    return rows.map((r) => ({ taskId: r.task_id as number, label: r.labels.sentiment[0] as string, method: r.method as string })).sort((a, b) => a.taskId - b.taskId);
  }

  async function startJob(projectId: number) {
    const started = await manager.request('POST', `/api/projects/${projectId}/aggregate`, { method: 'mv' });
    expect(started.status).toBe(202);
    return started.body.job.id as number;
  }

  it('a runner that lost its lock to another runner writes nothing: the aggregates and the outcome are the other runner\'s', async () => {
    const id = await qualityProject(manager, texts(6), 3);
    await workAll(workers[0]!, id, () => 'positive');
    const jobId = await startJob(id);
    const taker = new JobRunner(server.ctx, JOB_HANDLERS, { workerId: 'runner-b', lockMs: LOCK_MS });
    // Runner A is stalled (think of a long pause of its process) between claiming the job and running it, and never
    // heartbeats meanwhile: its lock runs out, runner B takes the job over and finishes it on one answer per task.
    // Then two more answers per task arrive, which would turn every aggregate to "negative" if A's run were written.
    const stalled = async (...args: Parameters<typeof runAggregationJob>) => {
      server.clock.advance(LOCK_MS + 1);
      expect(await taker.runOnce()).toBe(true);
      await workAll(workers[1]!, id, () => 'negative');
      await workAll(workers[2]!, id, () => 'negative');
      return runAggregationJob(...args);
    };
    const errors: unknown[] = [];
    const stale = new JobRunner(server.ctx, { [AGGREGATION_JOB_KIND]: stalled }, { workerId: 'runner-a', lockMs: LOCK_MS, heartbeatMs: 3_600_000, onError: (e) => errors.push(e) });
    expect(await stale.runOnce()).toBe(true);

    const job = await waitForJob(manager, jobId);
    expect(job).toMatchObject({ status: 'done', result: { method: 'mv', tasks: 6 } });
    const rows = await aggregates(id);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.label === 'positive')).toBe(true);
    const done = await server.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'aggregation.done').execute();
    expect(done.map((d) => (JSON.parse(d.data) as { jobId: number }).jobId).filter((j) => j === jobId)).toHaveLength(1);
    const attempts = await server.db.kysely.selectFrom('jobs').select(['attempts', 'locked_by']).where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(attempts).toEqual({ attempts: 2, locked_by: null });
    // Nothing of runner A's run is left behind either: one generation, B's.
    const generations = await server.db.kysely.selectFrom('aggregate_generations').select(['status', 'runner']).where('project_id', '=', id).execute();
    expect(generations).toEqual([{ status: 'current', runner: 'runner-b' }]);
    expect(errors).toEqual([]);

    // The next run sees all answers, and replaces B's generation.
    const next = await startJob(id);
    await new JobRunner(server.ctx, JOB_HANDLERS, { workerId: 'runner-c' }).drain();
    expect(await waitForJob(manager, next)).toMatchObject({ status: 'done', result: { tasks: 6 } });
    expect((await aggregates(id)).every((r) => r.label === 'negative')).toBe(true);
    const after = await server.db.kysely.selectFrom('aggregate_generations').select('runner').where('project_id', '=', id).execute();
    expect(after).toEqual([{ runner: 'runner-c' }]);
    expect(await server.db.kysely.selectFrom('aggregate_rows').select('generation').distinct().where('project_id', '=', id).execute()).toHaveLength(1);
  });

  it('readers see only the published generation while another is written, and adjudicated answers over both', async () => {
    const id = await qualityProject(manager, texts(4), 1);
    await workAll(workers[0]!, id, () => 'positive');
    const first = await startJob(id);
    await new JobRunner(server.ctx, JOB_HANDLERS, { workerId: 'runner-d' }).drain();
    expect(await waitForJob(manager, first)).toMatchObject({ status: 'done' });
    const published = await aggregates(id);
    expect(published.map((r) => r.label)).toEqual(['positive', 'positive', 'positive', 'positive']);

    // A second run, claimed by runner E, has written its generation but not published it yet.
    const second = await startJob(id);
    await server.db.kysely.updateTable('jobs').set({ status: 'running', locked_by: 'runner-e', locked_until: server.clock.now + LOCK_MS, attempts: 1 }).where('id', '=', second).execute();
    const run = { id: second, workerId: 'runner-e', signal: new AbortController().signal };
    const staged: ComputedAggregate[] = published.map((r) => ({
      taskId: r.taskId,
      result: JSON.stringify(answer('neutral')),
      labels: JSON.stringify({ sentiment: ['neutral'] }),
      confidence: 0.5,
      method: 'mv',
    }));
    const generation = await stageGeneration(server.ctx, run, id, staged);
    expect(await aggregates(id)).toEqual(published);
    const quality = await manager.request('GET', `/api/projects/${id}/quality`);
    expect(quality.body.confidenceHistogram.reduce((a: number, b: number) => a + b, 0)).toBe(4);
    expect(quality.body.confidenceHistogram[9]).toBe(4); // the published run: confidence 1 everywhere
    // The writing run still holds its job: its generation is not cleaned away under it.
    await dropStaleGenerations(server.ctx, id);
    expect(await server.db.kysely.selectFrom('aggregate_rows').select('task_id').where('generation', '=', generation).execute()).toHaveLength(4);

    // A reviewer settles a task meanwhile; publishing the run does not hide that.
    const reviewer = await userWithRole(server, 'reviewer');
    const settled = published[0]!.taskId;
    expect((await reviewer.request('POST', `/api/tasks/${settled}/adjudicate`, { result: answer('negative') })).status).toBe(200);
    await server.db.write(async (trx) => {
      expect(await finishJob(trx, run, { tasks: 4 }, server.clock.now)).toBe(true);
      await publishGeneration(trx, dialect, id, generation, server.clock.now);
    });
    expect(await aggregates(id)).toEqual(
      published.map((r) => (r.taskId === settled ? { ...r, label: 'negative', method: 'adjudicated' } : { ...r, label: 'neutral' })),
    );
    // The replaced generation is deleted afterwards.
    await dropStaleGenerations(server.ctx, id);
    const left = await server.db.kysely.selectFrom('aggregate_rows').select('generation').distinct().where('project_id', '=', id).orderBy('generation').execute();
    expect(left.map((g) => g.generation)).toEqual([0, generation]);
  });

  it('a run that lost its job while writing stops, and its rows are deleted', async () => {
    const id = await qualityProject(manager, texts(2), 1);
    const jobId = await startJob(id);
    await server.db.kysely.updateTable('jobs').set({ status: 'running', locked_by: 'runner-f', locked_until: server.clock.now + LOCK_MS, attempts: 1 }).where('id', '=', jobId).execute();
    const run = { id: jobId, workerId: 'runner-f', signal: new AbortController().signal };
    const tasks = await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', id).execute();
    const row = (taskId: number): ComputedAggregate => ({ taskId, result: '[]', labels: '{}', confidence: 1, method: 'mv' });
    const generation = await stageGeneration(server.ctx, run, id, [row(tasks[0]!.id)]);
    // another process takes the job over
    await server.db.kysely.updateTable('jobs').set({ locked_by: 'runner-g', attempts: 2 }).where('id', '=', jobId).execute();
    await expect(stageGeneration(server.ctx, run, id, [row(tasks[1]!.id)])).rejects.toMatchObject({ code: 'job_not_running' });
    expect(await dropStaleGenerations(server.ctx, id)).toBe(1);
    expect(await server.db.kysely.selectFrom('aggregate_rows').select('task_id').where('generation', '=', generation).execute()).toEqual([]);
    expect(await server.db.kysely.selectFrom('aggregate_generations').select('id').where('project_id', '=', id).execute()).toEqual([]);
  });
});
