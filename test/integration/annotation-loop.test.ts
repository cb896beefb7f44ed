import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { answer, ApiClient, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type TestServer } from '../support/test-server.js';

const jsonl = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `${prefix} text ${i}` })).join('\n');

describe.each(DIALECTS)('annotation loop on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 4));
  });
  afterAll(async () => server?.stop());

  async function project(overlap: number, tasks: number, extra: Record<string, unknown> = {}) {
    const created = await manager.request('POST', '/api/projects', { name: `p${Date.now()}`, labelConfig: SENTIMENT_CONFIG, overlap, ...extra });
    expect(created.status).toBe(201);
    const id = created.body.project.id as number;
    const up = await uploadTasks(manager, id, 'tasks.jsonl', jsonl(tasks));
    expect(up.status).toBe(201);
    return id;
  }

  it('answers health and serves OpenAPI', async () => {
    expect((await manager.request('GET', '/api/health')).body).toEqual({ status: 'ok' });
    const doc = await manager.request('GET', '/api/openapi.json');
    expect(doc.body.paths['/api/projects/{projectId}/next'].post['x-permission']).toBe('task.annotate');
  });

  it('gives a worker the same live assignment back and never the same task twice', async () => {
    const id = await project(2, 3);
    const [w] = workers;
    const first = await w!.request('POST', `/api/projects/${id}/next`);
    expect(first.status).toBe(200);
    const again = await w!.request('POST', `/api/projects/${id}/next`);
    expect(again.body.assignment.id).toBe(first.body.assignment.id);
    const seen = new Set<number>();
    let a = first.body.assignment;
    for (let i = 0; i < 3; i++) {
      expect(seen.has(a.taskId)).toBe(false);
      seen.add(a.taskId);
      const s = await w!.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('positive'), idempotencyKey: `k-${id}-${i}`, leadTimeMs: 900 });
      expect(s.status).toBe(200);
      const n = await w!.request('POST', `/api/projects/${id}/next`);
      if (i < 2) a = n.body.assignment;
      else {
        expect(n.status).toBe(204);
        expect(n.headers.get('x-biaozhu-reason')).toBe('all_done');
      }
    }
  });

  it('never hands out more live leases plus answers than the overlap', async () => {
    const id = await project(2, 1);
    const a = await workers[0]!.request('POST', `/api/projects/${id}/next`);
    const b = await workers[1]!.request('POST', `/api/projects/${id}/next`);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const c = await workers[2]!.request('POST', `/api/projects/${id}/next`);
    expect(c.status).toBe(204);
    expect(c.headers.get('x-biaozhu-reason')).toBe('held_by_others');
  });

  it('returns expired leases to the pool and handles late submits both ways', async () => {
    const id = await project(1, 1);
    const first = await workers[0]!.request('POST', `/api/projects/${id}/next`);
    server.clock.advance(11 * 60 * 1000); // past the default 10-minute lease
    // the heartbeat of an expired lease is refused
    expect((await workers[0]!.request('POST', `/api/assignments/${first.body.assignment.id}/heartbeat`)).status).toBe(410);
    const second = await workers[1]!.request('POST', `/api/projects/${id}/next`);
    expect(second.status).toBe(200);
    expect(second.body.assignment.taskId).toBe(first.body.assignment.taskId);
    // worker 1 answers: the task is full, so worker 0's late answer is refused with a reason, not dropped silently
    expect((await workers[1]!.request('POST', `/api/assignments/${second.body.assignment.id}/submit`, { result: answer('negative'), idempotencyKey: `late-b-${id}` })).status).toBe(200);
    const late = await workers[0]!.request('POST', `/api/assignments/${first.body.assignment.id}/submit`, { result: answer('positive'), idempotencyKey: `late-a-${id}` });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('lease_expired_task_full');

    // with room left, a late answer is kept
    const id2 = await project(2, 1);
    const x = await workers[2]!.request('POST', `/api/projects/${id2}/next`);
    server.clock.advance(11 * 60 * 1000);
    await workers[3]!.request('POST', `/api/projects/${id2}/next`); // triggers the expiry sweep of this project
    const kept = await workers[2]!.request('POST', `/api/assignments/${x.body.assignment.id}/submit`, { result: answer('neutral'), idempotencyKey: `late-c-${id2}` });
    expect(kept.status).toBe(200);
    expect(kept.body.late).toBe(true);
    const rows = await server.db.kysely.selectFrom('tasks').select(['slots_used', 'answer_count']).where('project_id', '=', id2).executeTakeFirstOrThrow();
    expect(rows).toEqual({ slots_used: 2, answer_count: 1 });
  });

  it('stores a retried submit once and refuses a reused key or a second answer', async () => {
    const id = await project(1, 2);
    const w = workers[0]!;
    const a = (await w.request('POST', `/api/projects/${id}/next`)).body.assignment;
    const body = { result: answer('positive'), idempotencyKey: `retry-${id}`, leadTimeMs: 100 };
    const one = await w.request('POST', `/api/assignments/${a.id}/submit`, body);
    const two = await w.request('POST', `/api/assignments/${a.id}/submit`, body);
    expect(two.status).toBe(200);
    expect(two.body.replayed).toBe(true);
    expect(two.body.annotation.id).toBe(one.body.annotation.id);
    const other = await w.request('POST', `/api/assignments/${a.id}/submit`, { ...body, idempotencyKey: `other-${id}` });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('already_submitted');
    const b = (await w.request('POST', `/api/projects/${id}/next`)).body.assignment;
    const reused = await w.request('POST', `/api/assignments/${b.id}/submit`, body);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    const count = await server.db.kysely.selectFrom('annotations').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('validates answers against the label config, naming the control', async () => {
    const id = await project(1, 1);
    const w = workers[1]!;
    const a = (await w.request('POST', `/api/projects/${id}/next`)).body.assignment;
    const unknown = await w.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('happy'), idempotencyKey: `v1-${id}` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_choice');
    expect(unknown.body.error.message).toContain('sentiment');
    const missing = await w.request('POST', `/api/assignments/${a.id}/submit`, { result: [], idempotencyKey: `v2-${id}` });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('missing_required');
    expect(missing.body.error.message).toContain('"sentiment"');
    const shape = await w.request('POST', `/api/assignments/${a.id}/submit`, { result: [{ from_name: 'sentiment' }], idempotencyKey: `v3-${id}` });
    expect(shape.status).toBe(400);
    expect(shape.body.error.message).toMatch(/result\[0\]\.(to_name|type|value)/);
    // nothing was stored by the refused submits, and the lease still works
    const ok = await w.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('neutral'), idempotencyKey: `v4-${id}` });
    expect(ok.status).toBe(200);
  });

  it('skip gives the task to someone else and not back to the skipper', async () => {
    const id = await project(1, 1);
    const a = (await workers[0]!.request('POST', `/api/projects/${id}/next`)).body.assignment;
    expect((await workers[0]!.request('POST', `/api/assignments/${a.id}/skip`)).status).toBe(200);
    expect((await workers[0]!.request('POST', `/api/projects/${id}/next`)).status).toBe(204);
    const b = await workers[1]!.request('POST', `/api/projects/${id}/next`);
    expect(b.body.assignment.taskId).toBe(a.taskId);
  });

  it('answers client mistakes with 4xx and a message, never 500', async () => {
    const id = await project(1, 1);
    const w = workers[2]!;
    const a = (await w.request('POST', `/api/projects/${id}/next`)).body.assignment;
    const theirs = await workers[3]!.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('positive'), idempotencyKey: 'x' });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('not_your_assignment');
    expect((await w.request('POST', '/api/assignments/999999/submit', { result: answer('positive'), idempotencyKey: 'y' })).status).toBe(404);
    expect((await w.request('POST', '/api/assignments/abc/submit', { result: [], idempotencyKey: 'y' })).status).toBe(404);
    expect((await w.request('POST', '/api/projects/999999/next')).status).toBe(404);
    const role = await w.request('POST', '/api/projects', { name: 'x', labelConfig: SENTIMENT_CONFIG });
    expect(role.status).toBe(403);
    expect(role.body.error.message).toContain('annotator');
    const malformed = await w.request('POST', `/api/assignments/${a.id}/submit`, '{"result": [', {});
    expect(malformed.status).toBe(400);
    const huge = await w.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('positive'), idempotencyKey: 'z', pad: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('body_too_large');
    const anonymous = await new ApiClient(server.baseUrl).request('POST', `/api/projects/${id}/next`);
    expect(anonymous.status).toBe(401);
    const noCsrf = await fetch(`${server.baseUrl}/api/projects/${id}/next`, { method: 'POST', headers: { cookie: w.cookie } });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as any).error.code).toBe('csrf_failed');
    expect((await w.request('GET', '/api/nope')).status).toBe(404);
    // the lease is untouched by all of that
    expect((await w.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('positive'), idempotencyKey: `fine-${id}` })).status).toBe(200);
  });

  it('works with an API token and records the guideline version', async () => {
    const id = await project(1, 1, { guideline: '# Rules v1' });
    expect((await manager.request('PUT', `/api/projects/${id}/guideline`, { body: '# Rules v2' })).body.guideline.version).toBe(2);
    const tokenRes = await workers[3]!.request('POST', '/api/tokens', { name: 'bot' });
    const bot = new ApiClient(server.baseUrl);
    bot.token = tokenRes.body.token;
    const a = (await bot.request('POST', `/api/projects/${id}/next`)).body.assignment;
    expect(a.guidelineVersion).toBe(2);
    const stale = await bot.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('positive'), idempotencyKey: `g-${id}`, guidelineVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_guideline');
    expect((await bot.request('POST', `/api/assignments/${a.id}/submit`, { result: answer('positive'), idempotencyKey: `g2-${id}`, guidelineVersion: 2 })).status).toBe(200);
    const row = await server.db.kysely.selectFrom('annotations').select('guideline_version').where('project_id', '=', id).executeTakeFirstOrThrow();
    expect(row.guideline_version).toBe(2);
  });

  it('limits failed logins', async () => {
    let last = 0;
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@t.local', password: 'wrong' }) });
      last = res.status;
      if (i < 10) expect(res.status).toBe(401);
    }
    expect(last).toBe(429);
  });
});
