import { JobRunner, startAggregation } from '@biaozhu/core';
import { JOB_HANDLERS } from '@biaozhu/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswerCounts, goldLine, jsonlRows, qualityProject, texts, userWithRole, waitForJob, workAll } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';

const CHOICES = ['positive', 'negative', 'neutral'];
/** The true answer of a text: `t<i>` -> CHOICES[i % 3]; gold texts carry theirs. */
const truth = (text: string) => (text.startsWith('g') ? text.slice(2) : CHOICES[Number(text.slice(1)) % 3]!);

describe.each(DIALECTS)('aggregation jobs on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let id: number;
  let taskOf: Map<string, number>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 3));
    // Gold texts are `g<i><choice>`, so truth() reads their answer after two characters.
    const goldChoices = ['positive', 'negative', 'neutral', 'negative'];
    const lines = [...goldChoices.map((c, i) => goldLine(`g${i}${c}`, c)), ...texts(12)];
    id = await qualityProject(manager, lines, 3, { goldRate: 1 });
    const [a, b, spammer] = workers;
    await workAll(a!, id, truth);
    await workAll(b!, id, (t) => (t === 't0' ? 'neutral' : truth(t)));
    await workAll(spammer!, id, () => 'positive');
    const tasks = await server.db.kysely.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', id).execute();
    taskOf = new Map(tasks.map((t) => [JSON.parse(t.data).text as string, t.id]));
  });
  afterAll(async () => server?.stop());

  it('runs a chosen method as a job and stores label, confidence and method per task', async () => {
    expect((await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'magic' })).status).toBe(400);
    expect((await workers[0]!.request('POST', `/api/projects/${id}/aggregate`, { method: 'mv' })).status).toBe(403);
    const started = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'mv' });
    expect(started.status).toBe(202);
    const job = await waitForJob(manager, started.body.job.id);
    expect(job).toMatchObject({ status: 'done', progress: 1, result: { method: 'mv', requested: 'mv', tasks: 12, goldTasks: 4 } });
    const rows = jsonlRows((await manager.request('GET', `/api/projects/${id}/aggregates?format=jsonl`)).body);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      const text = [...taskOf.entries()].find(([, tid]) => tid === r.task_id)![0];
      expect(r.labels.sentiment).toEqual([truth(text)]);
      expect(r.method).toBe('mv');
      expect(r.result).toEqual([{ id: 'agg-sentiment', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [truth(text)] } }]);
    }
    const t1 = rows.find((r) => r.task_id === taskOf.get('t1'));
    expect(t1.confidence).toBeCloseTo(2 / 3);
    const unanimous = rows.find((r) => r.task_id === taskOf.get('t0'));
    expect(unanimous.confidence).toBeCloseTo(2 / 3); // t0: positive, neutral, positive
  });

  it('runs DS with the gold tasks as anchors when the project has them, and reports the held-out evidence', async () => {
    const started = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'ds' });
    const job = await waitForJob(manager, started.body.job.id);
    expect(job.result).toMatchObject({ method: 'ds', tasks: 12, goldTasks: 4 });
    // four gold tasks, cross-validated in four folds; the honest pair answers them all, so anchoring cannot clearly
    // win and the unsupervised answers are kept
    expect(job.result.goldAnchoring).toEqual([
      { control: 'sentiment', anchored: false, heldOut: { anchored: 4, plain: 4, total: 4, discordant: 0 } },
    ]);
    const rows = jsonlRows((await manager.request('GET', `/api/projects/${id}/aggregates?format=jsonl`)).body);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      const text = [...taskOf.entries()].find(([, tid]) => tid === r.task_id)![0];
      expect(r.labels.sentiment).toEqual([truth(text)]);
    }
  });

  it('chooses the method with the best accuracy on the held-out gold (auto), keeps adjudicated answers, exports CSV', async () => {
    const reviewer = await userWithRole(server, 'reviewer');
    const t3 = taskOf.get('t3')!;
    expect((await reviewer.request('POST', `/api/tasks/${t3}/adjudicate`, { result: answer('neutral') })).status).toBe(200);
    const started = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'auto' });
    const job = await waitForJob(manager, started.body.job.id);
    expect(job.status).toBe('done');
    expect(job.result.requested).toBe('auto');
    expect(Object.keys(job.result.goldAccuracy).sort()).toEqual(['ds', 'glad', 'mace', 'mv', 'onecoin', 'wawa']);
    const best = Math.max(...Object.values<number>(job.result.goldAccuracy));
    expect(job.result.goldAccuracy[job.result.method]).toBe(best);

    const csv = await manager.request('GET', `/api/projects/${id}/aggregates?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toBe('task_id,external_id,method,confidence,sentiment');
    expect(lines).toHaveLength(13);
    expect(lines.find((l) => l.startsWith(`${t3},`))).toBe(`${t3},,adjudicated,1,neutral`);
    expect((await manager.request('GET', `/api/projects/${id}/aggregates?format=xml`)).status).toBe(400);
    // The raw answers are still exported in full beside them.
    const raw = (await manager.request('GET', `/api/projects/${id}/export?format=ls-json`)).body as any[];
    expect(raw.filter((t) => !String(t.data.text).startsWith('g')).every((t) => t.annotations.length === 3)).toBe(true);
    await checkAnswerCounts(server.db, id);
  });

  it('shows agreement per control, a confusion matrix and a confidence histogram', async () => {
    const report = await manager.request('GET', `/api/projects/${id}/quality`);
    expect(report.status).toBe(200);
    const control = report.body.controls[0];
    expect(control).toMatchObject({ control: 'sentiment', answers: 36, sharedTasks: 12 });
    expect(control.fleissKappa).toBeGreaterThan(0);
    expect(control.fleissKappa).toBeLessThan(1);
    expect(control.confusion.labels).toEqual(['positive', 'negative', 'neutral']);
    const total = control.confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(48); // 36 answers with an aggregate + 12 gold answers
    expect(report.body.confidenceHistogram.reduce((a: number, b: number) => a + b, 0)).toBe(12);
  });
});

describe.each(DIALECTS)('aggregation of imported answers on %s', (dialect) => {
  it('aggregates more answers than one page of reading holds (5,000), with imported annotators as workers', async () => {
    const server = await startTestServer(dialect);
    try {
      const { manager } = await seedPeople(server, 0);
      // 2,600 tasks x 2 imported annotators = 5,200 answers: two pages
      const lines = Array.from({ length: 2600 }, (_, i) => {
        const truthChoice = CHOICES[i % 3]!;
        return JSON.stringify({
          data: { text: `t${i}` },
          annotations: [
            { completed_by: 7, result: answer(truthChoice) },
            { completed_by: 8, result: answer(i % 10 === 0 ? CHOICES[(i + 1) % 3]! : truthChoice) },
          ],
        });
      });
      const id = await qualityProject(manager, lines, 2);
      const started = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'mv' });
      const job = await waitForJob(manager, started.body.job.id);
      expect(job).toMatchObject({ status: 'done', result: { method: 'mv', tasks: 2600 } });
      const rows = jsonlRows((await manager.request('GET', `/api/projects/${id}/aggregates?format=jsonl`)).body);
      expect(rows).toHaveLength(2600);
      const external = await server.db.kysely.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', id).execute();
      const textOf = new Map(external.map((t) => [t.id, JSON.parse(t.data).text as string]));
      // tasks where both agree get the shared answer with confidence 1; the 260 split ones get one of the two at 1/2
      const agreed = rows.filter((r) => Number(textOf.get(r.task_id)!.slice(1)) % 10 !== 0);
      expect(agreed).toHaveLength(2340);
      for (const r of agreed) {
        expect(r.labels.sentiment).toEqual([truth(textOf.get(r.task_id)!)]);
        expect(r.confidence).toBe(1);
      }
      expect(rows.filter((r) => r.confidence === 0.5)).toHaveLength(260);
    } finally {
      await server.stop();
    }
  });
});

describe.each(DIALECTS)('aggregation jobs after a restart on %s', (dialect) => {
  it('runs jobs left queued, and jobs whose runner died (lock expired), exactly once each', async () => {
    // a server that only queues, as after a crash before any runner started
    const server = await startTestServer(dialect, { runJobs: false });
    try {
      const { manager, workers } = await seedPeople(server, 2);
      const id = await qualityProject(manager, texts(3), 2);
      await workAll(workers[0]!, id, () => 'positive');
      await workAll(workers[1]!, id, () => 'positive');
      const actor = { userId: manager.userId, orgId: 1, role: 'manager' as const, email: 'manager@t.local' };
      const queued = await startAggregation(server.ctx, actor, id, 'mv');
      const crashed = await startAggregation(server.ctx, actor, id, 'ds');
      await server.db.kysely
        .updateTable('jobs')
        .set({ status: 'running', locked_by: 'dead', locked_until: server.clock.now - 1, attempts: 1 })
        .where('id', '=', crashed.id)
        .execute();
      const runner = new JobRunner(server.ctx, JOB_HANDLERS, { workerId: 'after-restart' });
      await runner.drain();
      await runner.drain(); // nothing left: each job ran once
      expect(await waitForJob(manager, queued.id)).toMatchObject({ status: 'done', result: { method: 'mv', tasks: 3 } });
      expect(await waitForJob(manager, crashed.id)).toMatchObject({ status: 'done', result: { method: 'ds', tasks: 3 } });
      const rows = await server.db.kysely.selectFrom('jobs').select(['id', 'attempts']).where('id', 'in', [queued.id, crashed.id]).orderBy('id').execute();
      expect(rows.map((r) => r.attempts)).toEqual([1, 2]);
      const audited = await server.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'aggregation.done').execute();
      expect(audited.map((a) => (JSON.parse(a.data) as { jobId: number }).jobId).sort((a, b) => a - b)).toEqual([queued.id, crashed.id]);
    } finally {
      await server.stop();
    }
  });
});
