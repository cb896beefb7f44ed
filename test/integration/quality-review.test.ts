import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.js';
import { jsonlRows, qualityProject, texts, userWithRole, work, workAll } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, ApiClient, seedPeople, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(DIALECTS)('review workflow on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let reviewer: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 3));
    reviewer = await userWithRole(server, 'reviewer');
  });
  afterAll(async () => server?.stop());

  it('rejects with a reason, the annotator fixes it, the reviewer accepts; counters stay right', async () => {
    const id = await qualityProject(manager, texts(3));
    const [w0] = workers;
    const done = await workAll(w0!, id, () => 'positive');
    expect(done).toHaveLength(3);

    const queue = await reviewer.request('GET', `/api/projects/${id}/review-queue`);
    expect(queue.status).toBe(200);
    expect(queue.body.pending).toBe(3);
    const first = queue.body.items[0];
    expect(first).toMatchObject({ annotationId: done[0]!.annotationId, result: answer('positive'), annotator: { id: w0!.userId } });

    // A rejection needs a reason code.
    expect((await reviewer.request('POST', `/api/annotations/${first.annotationId}/review`, { action: 'reject' })).status).toBe(400);
    const rejected = await reviewer.request('POST', `/api/annotations/${first.annotationId}/review`, {
      action: 'reject',
      reasonCode: 'wrong_label',
      comment: '这条是负面评价',
    });
    expect(rejected.status).toBe(201);
    expect(rejected.body.review).toMatchObject({ action: 'reject', state: 'open' });
    // A second verdict while the fix is awaited is refused.
    const again = await reviewer.request('POST', `/api/annotations/${first.annotationId}/review`, { action: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('awaiting_resubmission');

    // The annotator sees the reason; nobody else sees it as theirs.
    const mine = await w0!.request('GET', `/api/projects/${id}/my-rejections`);
    expect(mine.body.rejections).toEqual([
      expect.objectContaining({ annotationId: first.annotationId, reasonCode: 'wrong_label', comment: '这条是负面评价', result: answer('positive') }),
    ]);
    expect((await workers[1]!.request('GET', `/api/projects/${id}/my-rejections`)).body.rejections).toEqual([]);
    // Only the author may resubmit, and the result is validated.
    expect((await workers[1]!.request('POST', `/api/annotations/${first.annotationId}/resubmit`, { result: answer('negative') })).status).toBe(403);
    const bad = await w0!.request('POST', `/api/annotations/${first.annotationId}/resubmit`, { result: answer('furious') });
    expect(bad.status).toBe(400);

    const fixed = await w0!.request('POST', `/api/annotations/${first.annotationId}/resubmit`, { result: answer('negative'), leadTimeMs: 1500 });
    expect(fixed.status).toBe(200);
    expect(fixed.body.annotation).toMatchObject({ id: first.annotationId, revision: 2 });
    expect((await w0!.request('GET', `/api/projects/${id}/my-rejections`)).body.rejections).toEqual([]);
    expect((await w0!.request('POST', `/api/annotations/${first.annotationId}/resubmit`, { result: answer('neutral') })).body.error.code).toBe('not_rejected');

    // Back in the queue with the earlier rejection; accepted now.
    const back = await reviewer.request('GET', `/api/projects/${id}/review-queue`);
    const item = back.body.items.find((i: any) => i.annotationId === first.annotationId);
    expect(item).toMatchObject({ result: answer('negative'), previousRejection: { reasonCode: 'wrong_label' } });
    expect((await reviewer.request('POST', `/api/annotations/${first.annotationId}/review`, { action: 'accept' })).status).toBe(201);
    expect((await reviewer.request('POST', `/api/annotations/${first.annotationId}/review`, { action: 'accept' })).body.error.code).toBe('already_reviewed');

    const history = await reviewer.request('GET', `/api/annotations/${first.annotationId}/history`);
    expect(history.body.revisions).toEqual([expect.objectContaining({ revision: 1, result: answer('positive') })]);
    expect(history.body.reviews.map((r: any) => [r.action, r.state])).toEqual([
      ['reject', 'resubmitted'],
      ['accept', 'final'],
    ]);

    // A correction is validated against the label config and stored.
    const second = done[1]!.annotationId;
    expect((await reviewer.request('POST', `/api/annotations/${second}/review`, { action: 'correct', result: answer('nope') })).status).toBe(400);
    expect((await reviewer.request('POST', `/api/annotations/${second}/review`, { action: 'correct', result: answer('neutral') })).status).toBe(201);
    const h2 = await manager.request('GET', `/api/annotations/${second}/history`);
    expect(h2.body.reviews[0]).toMatchObject({ action: 'correct', correctedResult: answer('neutral') });
    expect((await reviewer.request('GET', `/api/projects/${id}/review-queue`)).body.pending).toBe(1);

    // The export still has one answer per task, with the fixed result.
    const exported = (await manager.request('GET', `/api/projects/${id}/export?format=ls-json`)).body as any[];
    expect(exported.map((t) => t.annotations.length)).toEqual([1, 1, 1]);
    expect(exported.find((t) => t.id === done[0]!.taskId).annotations[0].result).toEqual(answer('negative'));
    const audit = await server.db.kysely.selectFrom('audit_events').select('action').where('entity_type', '=', 'annotation').execute();
    expect(audit.map((a) => a.action)).toEqual(['annotation.rejected', 'annotation.resubmitted', 'annotation.accepted', 'annotation.corrected']);
    const admin = await ApiClient.login(server.baseUrl, 'admin@t.local', 'password-admin');
    const verified = await admin.request('GET', '/api/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body.ok).toBe(true);
    await checkInvariants(server.db, id);
  });

  it('never lets anyone review their own work, and keeps annotators and clients out', async () => {
    const id = await qualityProject(manager, texts(2));
    const own = await work(manager, id, () => 'neutral');
    const theirs = await work(workers[2]!, id, () => 'neutral');
    const queue = await manager.request('GET', `/api/projects/${id}/review-queue`);
    expect(queue.body.items.map((i: any) => i.annotationId)).toEqual([theirs!.annotationId]);
    const self = await manager.request('POST', `/api/annotations/${own!.annotationId}/review`, { action: 'accept' });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('own_work');
    expect((await workers[2]!.request('GET', `/api/projects/${id}/review-queue`)).status).toBe(403);
    expect((await workers[2]!.request('POST', `/api/annotations/${own!.annotationId}/review`, { action: 'accept' })).status).toBe(403);
    const client = await userWithRole(server, 'client');
    expect((await client.request('POST', `/api/annotations/${own!.annotationId}/review`, { action: 'accept' })).status).toBe(403);
  });

  it('samples a reproducible share and orders by lowest confidence', async () => {
    const id = await qualityProject(manager, texts(40));
    await workAll(workers[1]!, id, () => 'positive');
    expect((await manager.request('PUT', `/api/projects/${id}/quality-policy`, { policy: { reviewSampleRate: 0.25 } })).status).toBe(200);
    const sample = await reviewer.request('GET', `/api/projects/${id}/review-queue?mode=sample&limit=200`);
    expect(sample.body.pending).toBeGreaterThan(3);
    expect(sample.body.pending).toBeLessThan(20);
    const again = await reviewer.request('GET', `/api/projects/${id}/review-queue?mode=sample&limit=200`);
    expect(again.body.items.map((i: any) => i.annotationId)).toEqual(sample.body.items.map((i: any) => i.annotationId));
    const tasks = await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', id).orderBy('id').execute();
    // Give the last task the least certain aggregate, as a published run would.
    const generation = await server.db.kysely
      .insertInto('aggregate_generations')
      .values({ project_id: id, job_id: null, runner: null, status: 'current', created_at: 0, published_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, t] of tasks.entries()) {
      await server.db.kysely
        .insertInto('aggregate_rows')
        .values({ task_id: t.id, generation: generation.id, project_id: id, result: '[]', labels: '{}', confidence: i === tasks.length - 1 ? 0.3 : 0.9, method: 'mv', job_id: null, decided_by: null, updated_at: 0 })
        .execute();
    }
    const low = await reviewer.request('GET', `/api/projects/${id}/review-queue?mode=low_confidence&limit=2`);
    expect(low.body.items[0]).toMatchObject({ taskId: tasks[tasks.length - 1]!.id, confidence: 0.3 });
  });

  it('lists disagreeing tasks side by side and stores the adjudicated answer', async () => {
    const id = await qualityProject(manager, texts(2), 2);
    await work(workers[0]!, id, () => 'positive');
    await work(workers[1]!, id, () => 'negative');
    await work(workers[0]!, id, () => 'neutral');
    await work(workers[1]!, id, () => 'neutral');
    const list = await reviewer.request('GET', `/api/projects/${id}/disagreements`);
    expect(list.status).toBe(200);
    expect(list.body.tasks).toHaveLength(1);
    const task = list.body.tasks[0];
    expect(task.agreement).toBe(0.5);
    expect(task.answers.map((a: any) => a.result[0].value.choices[0]).sort()).toEqual(['negative', 'positive']);
    expect((await reviewer.request('POST', `/api/tasks/${task.taskId}/adjudicate`, { result: answer('maybe') })).status).toBe(400);
    expect((await workers[0]!.request('POST', `/api/tasks/${task.taskId}/adjudicate`, { result: answer('negative') })).status).toBe(403);
    const set = await reviewer.request('POST', `/api/tasks/${task.taskId}/adjudicate`, { result: answer('negative') });
    expect(set.status).toBe(200);
    expect((await reviewer.request('GET', `/api/projects/${id}/disagreements`)).body.tasks).toEqual([]);
    const jsonl = await manager.request('GET', `/api/projects/${id}/aggregates?format=jsonl`);
    expect(jsonl.status).toBe(200);
    const rows = jsonlRows(jsonl.body);
    expect(rows).toEqual([expect.objectContaining({ task_id: task.taskId, method: 'adjudicated', confidence: 1, labels: { sentiment: ['negative'] } })]);
    await checkInvariants(server.db, id);
  });
});
