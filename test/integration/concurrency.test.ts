import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '@biaozhu/storage';
import { DIALECTS } from '../support/test-db.js';
import { checkInvariants } from '../support/invariants.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

const ANNOTATORS = 50;
const TASKS = 300;
const OVERLAP = 3;

// Strict durability matters on SQLite (group commit); on PostgreSQL it is the same commit path.
const RUNS: [DialectName, 'default' | 'strict'][] = DIALECTS.flatMap((d): [DialectName, 'default' | 'strict'][] =>
  d === 'sqlite' ? [[d, 'default'], [d, 'strict']] : [[d, 'default']],
);

describe.each(RUNS)('50 annotators, overlap 3, 300 tasks on %s (%s durability)', (dialect, durability) => {
  let server: TestServer;
  let workers: ApiClient[];
  let manager: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect, {}, durability);
    ({ manager, workers } = await seedPeople(server, ANNOTATORS));
  });
  afterAll(async () => server?.stop());

  it('gives every task exactly 3 answers from 3 different workers, each acknowledged submit stored once', async () => {
    const created = await manager.request('POST', '/api/projects', { name: 'load', labelConfig: SENTIMENT_CONFIG, overlap: OVERLAP });
    const projectId = created.body.project.id as number;
    const file = Array.from({ length: TASKS }, (_, i) => JSON.stringify({ text: `item ${i}` })).join('\n');
    expect((await uploadTasks(manager, projectId, 'load.jsonl', file)).status).toBe(201);

    const acknowledged: { annotationId: number; userId: number; taskId: number }[] = [];
    const choices = ['positive', 'negative', 'neutral'];
    const deadline = Date.now() + 200_000;
    await Promise.all(
      workers.map(async (w, wi) => {
        let n = 0;
        while (Date.now() < deadline) {
          const next = await w.request('POST', `/api/projects/${projectId}/next`);
          if (next.status === 204) {
            if (next.headers.get('x-biaozhu-reason') === 'all_done') return;
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          expect(next.status).toBe(200);
          const a = next.body.assignment;
          const key = `w${wi}-${n++}`;
          const res = await w.request('POST', `/api/assignments/${a.id}/submit`, { result: answer(choices[(wi + n) % 3]!), idempotencyKey: key, leadTimeMs: 10 });
          expect(res.status).toBe(200);
          acknowledged.push({ annotationId: res.body.annotation.id, userId: w.userId, taskId: a.taskId });
        }
        throw new Error(`worker ${wi} did not finish in time`);
      }),
    );

    expect(acknowledged.length).toBe(TASKS * OVERLAP);
    const rows = await server.db.kysely.selectFrom('annotations').select(['id', 'task_id', 'user_id']).where('project_id', '=', projectId).execute();
    expect(rows.length).toBe(TASKS * OVERLAP);
    const ids = new Set(rows.map((r) => r.id));
    for (const a of acknowledged) expect(ids.has(a.annotationId)).toBe(true);
    const byTask = new Map<number, Set<number | null>>();
    for (const r of rows) {
      const set = byTask.get(r.task_id) ?? new Set();
      set.add(r.user_id);
      byTask.set(r.task_id, set);
    }
    expect(byTask.size).toBe(TASKS);
    for (const users of byTask.values()) expect(users.size).toBe(OVERLAP);
    await checkInvariants(server.db, projectId);
    if (durability === 'strict' && server.db.groupCommit) {
      // concurrent submits shared commits
      expect(server.db.groupCommit.batches).toBeLessThan(server.db.groupCommit.transactions);
    }
  }, 240_000);
});
