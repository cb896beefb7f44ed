import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { checkInvariants } from '../support/invariants.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

describe.each(DIALECTS)('assignment policies on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let key = 0;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 5));
  });
  afterAll(async () => server?.stop());

  async function project(policy: Record<string, unknown>, lines: string[], overlap = 1) {
    const created = await manager.request('POST', '/api/projects', { name: 'policy', labelConfig: SENTIMENT_CONFIG, overlap });
    const id = created.body.project.id as number;
    const put = await manager.request('PUT', `/api/projects/${id}/assignment-policy`, { policy });
    expect(put.status).toBe(200);
    expect((await uploadTasks(manager, id, 'x.jsonl', lines.join('\n'))).status).toBe(201);
    return id;
  }
  const texts = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `t${i}`, priority: i % 7 }));
  const next = (w: ApiClient, id: number, mode = 'current') => w.request('POST', `/api/projects/${id}/next?mode=${mode}`);
  const submit = (w: ApiClient, assignmentId: number, choice = 'positive') =>
    w.request('POST', `/api/assignments/${assignmentId}/submit`, { result: answer(choice), idempotencyKey: `k${key++}` });
  const targets = async (id: number) =>
    (await server.db.kysely.selectFrom('tasks').select(['id', 'target']).where('project_id', '=', id).orderBy('id').execute()).map((t) => t.target);

  it('gives a reproducible share of tasks a higher overlap', async () => {
    const policy = { overlap: { mode: 'share', share: 0.2, overlap: 3 }, seed: 42 };
    const a = await targets(await project(policy, texts(200)));
    const b = await targets(await project(policy, texts(200)));
    expect(a).toEqual(b);
    const high = a.filter((t) => t === 3).length;
    expect(a.every((t) => t === 1 || t === 3)).toBe(true);
    expect(high).toBeGreaterThan(20);
    expect(high).toBeLessThan(60);
  });

  it('asks for more answers while a task is disputed (dynamic overlap)', async () => {
    const id = await project({ overlap: { mode: 'dynamic', max: 3, threshold: 0.75 } }, texts(1), 2);
    const [w0, w1, w2, w3] = workers;
    await submit(w0!, (await next(w0!, id)).body.assignment.id, 'positive');
    await submit(w1!, (await next(w1!, id)).body.assignment.id, 'negative');
    expect(await targets(id)).toEqual([3]);
    const third = await next(w2!, id);
    expect(third.status).toBe(200);
    await submit(w2!, third.body.assignment.id, 'positive');
    expect(await targets(id)).toEqual([3]); // 2/3 agree, below 0.75, but the maximum is reached
    expect((await next(w3!, id)).headers.get('x-biaozhu-reason')).toBe('all_done');
    await checkInvariants(server.db, id);
  });

  it('injects hidden gold tasks at the rate, never twice to the same worker', async () => {
    const gold = (i: number) =>
      JSON.stringify({
        data: { text: `gold ${i}` },
        annotations: [{ ground_truth: true, result: answer('negative') }],
      });
    const id = await project({ goldRate: 1 }, [gold(0), gold(1), ...texts(3)]);
    const w = workers[0]!;
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const n = await next(w, id);
      expect(Object.keys(n.body.assignment).sort()).toEqual(['data', 'expiresAt', 'guidelineVersion', 'id', 'projectId', 'taskId']);
      seen.push(n.body.assignment.data.text);
      await submit(w, n.body.assignment.id);
    }
    expect(seen.slice(0, 2).sort()).toEqual(['gold 0', 'gold 1']);
    expect(new Set(seen).size).toBe(5);
    const stats = await manager.request('GET', `/api/projects/${id}/stats`);
    expect(stats.body.counts.tasks).toBe(3);
    expect((await next(w, id)).headers.get('x-biaozhu-reason')).toBe('all_done');
    // the gold answer is exported as Label Studio's ground_truth annotation
    const exported = (await manager.request('GET', `/api/projects/${id}/export?format=ls-json`)).body as any[];
    const g = exported.find((t) => t.data.text === 'gold 0');
    expect(g.annotations[0]).toMatchObject({ ground_truth: true, result: answer('negative') });
  });

  it('orders by priority, by fewest answers and by a seeded shuffle', async () => {
    const byPriority = await project({ order: 'priority' }, texts(14));
    const first = await next(workers[0]!, byPriority);
    expect(first.body.assignment.data.priority).toBe(6);

    const shuffled = await project({ order: 'random', seed: 7 }, texts(30));
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const n = await next(workers[1]!, shuffled);
      order.push(n.body.assignment.data.text);
      await submit(workers[1]!, n.body.assignment.id);
    }
    expect(order).not.toEqual(['t0', 't1', 't2', 't3', 't4']);
    const again = await project({ order: 'random', seed: 7 }, texts(30));
    const order2: string[] = [];
    for (let i = 0; i < 5; i++) {
      const n = await next(workers[2]!, again);
      order2.push(n.body.assignment.data.text);
      await submit(workers[2]!, n.body.assignment.id);
    }
    expect(order2).toEqual(order);

    const fewest = await project({ order: 'fewest_answers' }, texts(3), 2);
    await submit(workers[0]!, (await next(workers[0]!, fewest)).body.assignment.id); // t0 has one answer now
    const other = await next(workers[1]!, fewest);
    expect(other.body.assignment.data.text).toBe('t1');
  });

  it('stops a worker at the daily cap and keeps out the ineligible', async () => {
    const capped = await project({ dailyCap: 2 }, texts(5));
    const w = workers[3]!;
    for (let i = 0; i < 2; i++) await submit(w, (await next(w, capped)).body.assignment.id);
    const third = await next(w, capped);
    expect(third.status).toBe(204);
    expect(third.headers.get('x-biaozhu-reason')).toBe('cap_reached');

    const team = await manager.request('POST', '/api/teams', { name: `class-${dialect}` });
    const teamId = team.body.team.id as number;
    const gated = await project({ eligibility: { teams: [teamId], qualification: 'sentiment-exam' } }, texts(2));
    expect((await next(w, gated)).headers.get('x-biaozhu-reason')).toBe('not_eligible');
    await manager.request('POST', `/api/teams/${teamId}/members`, { userId: w.userId });
    expect((await next(w, gated)).headers.get('x-biaozhu-reason')).toBe('not_eligible');
    await manager.request('POST', `/api/users/${w.userId}/qualifications`, { name: 'sentiment-exam' });
    expect((await next(w, gated)).status).toBe(200);
  });

  it('keeps one task ahead in hand and records policy changes in the audit log', async () => {
    const id = await project({}, texts(4));
    const w = workers[4]!;
    const current = await next(w, id);
    const ahead = await next(w, id, 'ahead');
    expect(ahead.body.assignment.id).not.toBe(current.body.assignment.id);
    expect((await next(w, id, 'ahead')).body.assignment.id).toBe(ahead.body.assignment.id);
    await submit(w, current.body.assignment.id);
    expect((await next(w, id)).body.assignment.id).toBe(ahead.body.assignment.id);

    const bad = await manager.request('PUT', `/api/projects/${id}/assignment-policy`, { policy: { goldRate: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('policy.goldRate');
    expect((await workers[0]!.request('PUT', `/api/projects/${id}/assignment-policy`, { policy: {} })).status).toBe(403);
    const raise = await manager.request('PUT', `/api/projects/${id}/assignment-policy`, { overlap: 2, policy: {} });
    expect(raise.body.overlap).toBe(2);
    expect(await targets(id)).toEqual([2, 2, 2, 2]);
    const events = await server.db.kysely.selectFrom('audit_events').select(['action', 'entity_id']).where('action', '=', 'assignment_policy.updated').where('entity_id', '=', String(id)).execute();
    expect(events.length).toBe(2);
    await checkInvariants(server.db, id);
  });
});
