import { wilsonInterval } from '@biaozhu/core/quality/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnswerCounts, goldLine, qualityProject, texts, userWithRole, work } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';

describe.each(DIALECTS)('gold accuracy and the pause rule on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 2));
  });
  afterAll(async () => server?.stop());

  it('reports gold accuracy with a Wilson interval, pauses a worker below the threshold after K gold answers, and a manager unpauses', async () => {
    const gold = [goldLine('g0', 'negative'), goldLine('g1', 'negative'), goldLine('g2', 'positive')];
    const id = await qualityProject(manager, [...gold, ...texts(5)], 1, { goldRate: 1 });
    const bad = await manager.request('PUT', `/api/projects/${id}/quality-policy`, { policy: { pauseBelow: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('policy.pauseBelow');
    expect((await workers[0]!.request('PUT', `/api/projects/${id}/quality-policy`, { policy: {} })).status).toBe(403);
    const put = await manager.request('PUT', `/api/projects/${id}/quality-policy`, { policy: { pauseBelow: 0.6, minGold: 3 } });
    expect(put.body.policy).toEqual({ pauseBelow: 0.6, minGold: 3, reviewSampleRate: 0.1, requiredAccuracy: null });

    const [careless, careful] = workers;
    // Gold comes first at goldRate 1: the careless worker answers "neutral" to all three and gets none right.
    for (let i = 0; i < 3; i++) expect((await work(careless!, id, () => 'neutral'))?.text).toMatch(/^g/);
    const paused = await careless!.request('POST', `/api/projects/${id}/next`);
    expect(paused.status).toBe(204);
    expect(paused.headers.get('x-biaozhu-reason')).toBe('paused');
    // The careful one gets 2 of 3 (g2's gold is positive) and keeps working.
    for (let i = 0; i < 3; i++) await work(careful!, id, (t) => (t === 'g2' ? 'negative' : 'negative'));
    expect((await careful!.request('POST', `/api/projects/${id}/next`)).status).toBe(200);

    const report = await manager.request('GET', `/api/projects/${id}/gold-accuracy`);
    expect(report.status).toBe(200);
    const byUser = new Map(report.body.workers.map((w: any) => [w.userId, w]));
    expect(byUser.get(careless!.userId)).toEqual({ userId: careless!.userId, worker: 'worker-1', email: 'a0@t.local', paused: true, ...wilsonInterval(0, 3) });
    expect(byUser.get(careful!.userId)).toMatchObject({ paused: false, ...wilsonInterval(2, 3) });
    expect((await workers[0]!.request('GET', `/api/projects/${id}/gold-accuracy`)).status).toBe(403);
    const client = await userWithRole(server, 'client');
    await manager.request('POST', `/api/projects/${id}/clients`, { userId: client.userId });
    const seenByClient = await client.request('GET', `/api/projects/${id}/gold-accuracy`);
    expect(seenByClient.body.workers.every((w: any) => w.email === null && w.userId === null)).toBe(true);
    expect(seenByClient.body.workers.map((w: any) => w.worker).sort()).toEqual(['worker-1', 'worker-2']);

    const own = await careless!.request('GET', `/api/projects/${id}/my-quality`);
    expect(own.body.gold).toEqual({ ...wilsonInterval(0, 3), paused: true });
    const pauses = await manager.request('GET', `/api/projects/${id}/pauses`);
    expect(pauses.body.pauses).toEqual([expect.objectContaining({ userId: careless!.userId, accuracy: 0, goldAnswers: 3 })]);
    const lifted = await manager.request('POST', `/api/projects/${id}/workers/${careless!.userId}/unpause`, { reason: 'retrained' });
    expect(lifted.status).toBe(200);
    expect((await manager.request('POST', `/api/projects/${id}/workers/${careless!.userId}/unpause`, {})).body.error.code).toBe('not_paused');
    // The record starts afresh: the worker works again.
    expect((await careless!.request('POST', `/api/projects/${id}/next`)).status).toBe(200);
    const events = await server.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['worker.paused', 'worker.unpaused'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['worker.paused', 'worker.unpaused']);
    expect(events[1]!.actor_id).toBe(manager.userId);
    await checkAnswerCounts(server.db, id);
  });

  it('does not pause without a threshold or before K gold answers', async () => {
    const gold = [goldLine('h0', 'negative'), goldLine('h1', 'negative')];
    const id = await qualityProject(manager, [...gold, ...texts(3)], 1, { goldRate: 1 });
    for (let i = 0; i < 2; i++) await work(workers[1]!, id, () => 'neutral');
    expect((await workers[1]!.request('POST', `/api/projects/${id}/next`)).status).toBe(200);
    await manager.request('PUT', `/api/projects/${id}/quality-policy`, { policy: { pauseBelow: 0.9, minGold: 5 } });
    expect((await workers[1]!.request('POST', `/api/projects/${id}/next`)).status).toBe(200);
  });
});
