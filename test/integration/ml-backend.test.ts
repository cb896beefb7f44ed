import { JobRunner, startPrediction, type Actor } from '@biaozhu/core';
import { JOB_HANDLERS } from '@biaozhu/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestMlBackend } from '../support/ml-backend.js';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

const XML = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices>
</View>`;

const TEXTS = ['张三很好', '李四很差', '天气不错', '张三和李四', '服务差', '一般般', '张三来了'];

describe.each(DIALECTS)('pre-annotation by an ML backend on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let actor: Actor;
  let backend: TestMlBackend;
  const runner = () => new JobRunner(server.ctx, JOB_HANDLERS, { pollMs: 10, heartbeatMs: 50 });

  beforeAll(async () => {
    server = await startTestServer(dialect, { runJobs: false });
    ({ manager, workers } = await seedPeople(server, 2));
    const user = await server.db.kysely.selectFrom('users').select(['id', 'org_id', 'email']).where('email', '=', 'manager@t.local').executeTakeFirstOrThrow();
    actor = { userId: user.id, orgId: user.org_id, role: 'manager', email: user.email };
    backend = await new TestMlBackend().start();
  });
  afterAll(async () => {
    await backend?.stop();
    await server?.stop();
  });

  async function project(gold = false): Promise<number> {
    const created = await manager.request('POST', '/api/projects', { name: `ml${Date.now()}${Math.random()}`, labelConfig: XML, overlap: 2 });
    expect(created.status).toBe(201);
    const id = created.body.project.id as number;
    const lines = TEXTS.map((text) => JSON.stringify({ data: { text } }));
    if (gold) lines.push(JSON.stringify({ data: { text: '金标准' }, annotations: [{ ground_truth: true, result: [{ id: 'g', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }] }] }));
    expect((await uploadTasks(manager, id, 'tasks.jsonl', lines.join('\n'))).status).toBe(201);
    return id;
  }

  async function backendPredictions(projectId: number) {
    return server.db.kysely
      .selectFrom('predictions')
      .innerJoin('tasks', 'tasks.id', 'predictions.task_id')
      .select(['predictions.task_id', 'predictions.model_version', 'predictions.result'])
      .where('tasks.project_id', '=', projectId)
      .where('predictions.from_backend', '=', 1)
      .orderBy('predictions.task_id')
      .execute();
  }

  it('connects a backend, tests it, and pre-annotates every task in batches; the claim hands the prediction out', async () => {
    backend.mode = 'ok';
    const projectId = await project();
    const bad = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, { url: 'ftp://model' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_ml_backend_url', details: { field: 'url' } });
    expect((await workers[0]!.request('GET', `/api/projects/${projectId}/ml-backend`)).status).toBe(403);
    const put = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, { url: backend.url, batchSize: 3, timeoutSeconds: 5 });
    expect(put.status).toBe(200);
    expect(put.body.backend).toMatchObject({ url: backend.url, batchSize: 3, timeoutSeconds: 5 });

    const test = await manager.request('POST', `/api/projects/${projectId}/ml-backend/test`, {});
    expect(test.status).toBe(200);
    expect(test.body.health).toMatchObject({ ok: true, answer: { status: 'UP', model_class: 'KeywordModel' } });
    expect(test.body.setup).toMatchObject({ ok: true, answer: { modelVersion: 'keyword-v1' } });
    expect(backend.setups.at(-1)!.schema).toContain('<Choices name="sentiment"');
    expect(backend.setups.at(-1)!.project).toMatch(new RegExp(`^${projectId}\\.\\d+$`));

    const started = await manager.request('POST', `/api/projects/${projectId}/ml-backend/predict`, {});
    expect(started.status).toBe(201);
    expect(started.body.job).toMatchObject({ status: 'queued', mode: 'missing' });
    const calls = backend.predicted.length;
    expect(await runner().runOnce()).toBe(true);
    const view = await manager.request('GET', `/api/projects/${projectId}/ml-backend`);
    expect(view.body.job).toMatchObject({ status: 'done', done: 7, total: 7, written: 7, batches: 3, modelVersion: 'keyword-v1', error: null });
    expect(backend.predicted.slice(calls).map((ids) => ids.length)).toEqual([3, 3, 1]);
    const stored = await backendPredictions(projectId);
    expect(stored).toHaveLength(7);
    expect(JSON.parse(stored[1]!.result)).toEqual([
      { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['negative'] } },
      { id: 's0', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '李四', labels: ['PER'] } },
    ]);

    const claim = await workers[0]!.request('POST', `/api/projects/${projectId}/next`);
    expect(claim.status).toBe(200);
    expect(claim.body.assignment.prediction).toMatchObject({ id: expect.any(Number), modelVersion: 'keyword-v1', score: 0.9 });

    // Started again in `missing` mode: nothing is left to predict.
    await manager.request('POST', `/api/projects/${projectId}/ml-backend/predict`, {});
    await runner().runOnce();
    expect((await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job).toMatchObject({ status: 'done', done: 0, total: 0 });
    // `all` replaces each task's prediction of the version instead of adding a second.
    await manager.request('POST', `/api/projects/${projectId}/ml-backend/predict`, { mode: 'all' });
    await runner().runOnce();
    expect((await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job).toMatchObject({ status: 'done', done: 7, written: 7 });
    expect(await backendPredictions(projectId)).toHaveLength(7);
  });

  it('stops on a wrong number of results naming the batch, keeps the whole batches before it, and resumes after them without duplicates', async () => {
    backend.mode = 'ok';
    const projectId = await project(true);
    backend.failAfterTasks = backend.predicted.flat().length + 3;
    backend.failMode = 'wrong-count';
    const first = await startPrediction(server.ctx, actor, projectId, { backend: { url: backend.url, batchSize: 3 }, retries: 0 });
    expect(first.resumed).toBe(false);
    await runner().runOnce();
    const failed = (await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job;
    expect(failed).toMatchObject({ status: 'failed', done: 3, total: 7, written: 3, errorCode: 'ml_backend_wrong_count', errorDetails: { batch: 2, expected: 3, got: 2 } });
    expect(failed.error).toMatch(/^batch 2 \(tasks \d+-\d+, 3 tasks\): .*answered 2 results for 3 tasks/);
    expect(await backendPredictions(projectId)).toHaveLength(3);

    backend.failAfterTasks = undefined;
    const calls = backend.predicted.length;
    const again = await manager.request('POST', `/api/projects/${projectId}/ml-backend/predict`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ resumed: true, job: { id: first.job.id, status: 'queued' } });
    await runner().runOnce();
    expect((await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job).toMatchObject({ id: first.job.id, status: 'done', done: 7, total: 7, written: 7, batches: 3 });
    const resent = backend.predicted.slice(calls).flat();
    const stored = await backendPredictions(projectId);
    expect(stored).toHaveLength(7);
    expect(new Set(stored.map((p) => p.task_id)).size).toBe(7);
    // The resumed run sent only the tasks after the last stored batch, and never the gold task.
    expect(resent).toHaveLength(4);
    expect(resent.every((id) => id > stored[2]!.task_id)).toBe(true);
  });

  it('resumes a job whose runner stopped during a call, after the last stored batch', async () => {
    backend.mode = 'ok';
    const projectId = await project();
    backend.failAfterTasks = backend.predicted.flat().length + 3;
    backend.failMode = 'slow';
    backend.slowMs = 1500;
    const { job } = await startPrediction(server.ctx, actor, projectId, { backend: { url: backend.url, batchSize: 3, timeoutSeconds: 10 } });
    const first = runner();
    const running = first.runOnce();
    for (let i = 0; i < 200 && (await backendPredictions(projectId)).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    await first.stop();
    await running;
    // Stopped mid-call: the job stays running, released for the next runner; batch 1 is stored, batch 2 is not.
    expect((await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job).toMatchObject({ id: job.id, status: 'running', done: 3, written: 3 });
    expect(await backendPredictions(projectId)).toHaveLength(3);
    backend.failAfterTasks = undefined;
    expect(await runner().runOnce()).toBe(true);
    expect((await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job).toMatchObject({ id: job.id, status: 'done', done: 7, written: 7 });
    const stored = await backendPredictions(projectId);
    expect(new Set(stored.map((p) => p.task_id)).size).toBe(7);
    expect(stored).toHaveLength(7);
  });

  it('names an unreachable backend, a timeout and an HTTP error', async () => {
    const projectId = await project();
    backend.mode = 'ok';
    backend.failAfterTasks = backend.predicted.flat().length;
    backend.failMode = 'down';
    await startPrediction(server.ctx, actor, projectId, { backend: { url: backend.url, batchSize: 5 }, retries: 1, retryDelayMs: 10 });
    await runner().runOnce();
    let job = (await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job;
    expect(job).toMatchObject({ status: 'failed', done: 0, errorCode: 'ml_backend_unreachable', errorDetails: { batch: 1, attempts: 2 } });
    expect(job.error).toMatch(/^batch 1 .*unreachable .*after 2 attempts/);

    backend.failMode = 'slow';
    backend.slowMs = 1500;
    await startPrediction(server.ctx, actor, projectId, { backend: { url: backend.url, batchSize: 5, timeoutSeconds: 0.3 }, retries: 0 });
    await runner().runOnce();
    job = (await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job;
    expect(job).toMatchObject({ status: 'failed', errorCode: 'ml_backend_timeout' });
    expect(job.error).toContain('within 0.3 s');

    backend.failMode = 'error';
    await startPrediction(server.ctx, actor, projectId, { backend: { url: backend.url, batchSize: 5, timeoutSeconds: 5 }, retries: 1, retryDelayMs: 10 });
    await runner().runOnce();
    job = (await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.job;
    expect(job).toMatchObject({ status: 'failed', errorCode: 'ml_backend_error', errorDetails: { status: 500, attempts: 2 } });
    expect(await backendPredictions(projectId)).toHaveLength(0);

    const test = await manager.request('POST', `/api/projects/${projectId}/ml-backend/test`, { url: 'http://127.0.0.1:1' });
    expect(test.body).toMatchObject({ health: { ok: false, error: { code: 'ml_backend_unreachable' } }, setup: null });
    backend.failAfterTasks = undefined;
  });

  it('records what each answer kept of the prediction it started from, per model version on the quality page', async () => {
    backend.mode = 'ok';
    const projectId = await project();
    await startPrediction(server.ctx, actor, projectId, { backend: { url: backend.url, batchSize: 10 } });
    await runner().runOnce();
    const submitFrom = async (worker: ApiClient, change: (result: any[]) => any[], key: string) => {
      const claim = await worker.request('POST', `/api/projects/${projectId}/next`);
      const { id, prediction } = claim.body.assignment;
      const result = change(prediction.result.map((item: any, i: number) => ({ ...item, id: item.id ?? `w${i}` })));
      const res = await worker.request('POST', `/api/assignments/${id}/submit`, { result, idempotencyKey: key, predictionId: prediction.id });
      expect(res.status).toBe(200);
      return prediction.id as number;
    };
    // The first worker keeps the first task's prediction as it is; the second turns the sentiment round and adds a span.
    await submitFrom(workers[0]!, (r) => r, `keep-${dialect}`);
    await submitFrom(
      workers[1]!,
      (r) => [...r.map((item) => (item.type === 'choices' ? { ...item, value: { choices: ['negative'] } } : item)), { id: 'new', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 4, text: '好', labels: ['ORG'] } }],
      `change-${dialect}`,
    );
    const report = await manager.request('GET', `/api/projects/${projectId}/model-assistance`);
    expect(report.status).toBe(200);
    expect(report.body.versions).toEqual([
      { modelVersion: 'keyword-v1', annotations: 2, keptUnchangedShare: 0.5, meanKept: 1, meanMoved: 0, meanAdded: 0.5, meanRemoved: 0, meanChoicesKept: 0.5, meanChoicesChanged: 0.5 },
    ]);

    // A prediction of another task is refused, naming the field; nothing is stored.
    const claim = await workers[0]!.request('POST', `/api/projects/${projectId}/next`);
    const other = await server.db.kysely.selectFrom('predictions').select('id').where('task_id', '!=', claim.body.assignment.taskId).where('from_backend', '=', 1).executeTakeFirstOrThrow();
    const refused = await workers[0]!.request('POST', `/api/assignments/${claim.body.assignment.id}/submit`, { result: claim.body.assignment.prediction.result, idempotencyKey: `wrong-${dialect}`, predictionId: other.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'unknown_prediction', details: { field: 'predictionId' } });
    // One a rerun replaced while the worker held the task is no reason to refuse the answer: it is stored without a change record.
    const stale = await workers[0]!.request('POST', `/api/assignments/${claim.body.assignment.id}/submit`, { result: claim.body.assignment.prediction.result, idempotencyKey: `stale-${dialect}`, predictionId: 2_000_000_000 });
    expect(stale.status).toBe(200);
    expect((await manager.request('GET', `/api/projects/${projectId}/model-assistance`)).body.versions[0].annotations).toBe(2);
  });
});
