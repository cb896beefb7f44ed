import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { annotateUntilDone } from '../support/annotator-loop.js';
import { checkInvariants } from '../support/invariants.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

const ANNOTATORS = 50;
const TASKS = 200;
const FINAL_OVERLAP = 2;

/**
 * The manager's edits while the annotators work: the overlap goes up and down, a share of tasks gets a higher
 * overlap, the seed changes. Each lowering lands on tasks whose slots are taken by live leases at that moment.
 */
const CHANGES: { overlap: number; policy: Record<string, unknown> }[] = [
  { overlap: 3, policy: {} },
  { overlap: 1, policy: {} },
  { overlap: 2, policy: { overlap: { mode: 'share', share: 0.5, overlap: 4 }, seed: 11 } },
  { overlap: 1, policy: { overlap: { mode: 'share', share: 0.3, overlap: 3 }, seed: 12 } },
  { overlap: 3, policy: { order: 'random', seed: 13 } },
  { overlap: 1, policy: { order: 'random', seed: 14 } },
];

describe.each(DIALECTS)('overlap changed by a manager while 50 annotators work, on %s', (dialect) => {
  let server: TestServer;
  let workers: ApiClient[];
  let manager: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, ANNOTATORS));
  });
  afterAll(async () => server?.stop());

  it('answers every request without a 500 and keeps every counter equal to the rows', async () => {
    const created = await manager.request('POST', '/api/projects', { name: 'retarget', labelConfig: SENTIMENT_CONFIG, overlap: FINAL_OVERLAP });
    const projectId = created.body.project.id as number;
    const file = Array.from({ length: TASKS }, (_, i) => JSON.stringify({ text: `item ${i}` })).join('\n');
    expect((await uploadTasks(manager, projectId, 'load.jsonl', file)).status).toBe(201);

    const failures: string[] = [];
    const note = (what: string, res: { status: number; body: unknown }) => {
      if (res.status >= 500) failures.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    let managerDone = false;
    let policyChanges = 0;
    const deadline = Date.now() + 200_000;

    const managerLoop = async () => {
      try {
        for (let round = 0; round < 4; round++) {
          for (const change of CHANGES) {
            const put = await manager.request('PUT', `/api/projects/${projectId}/assignment-policy`, change);
            note(`PUT overlap ${change.overlap}`, put);
            expect(put.status).toBe(200);
            policyChanges += 1;
            await new Promise((r) => setTimeout(r, 40));
          }
        }
        const last = await manager.request('PUT', `/api/projects/${projectId}/assignment-policy`, { overlap: FINAL_OVERLAP, policy: {} });
        note('final PUT', last);
        expect(last.status).toBe(200);
      } finally {
        managerDone = true;
      }
    };

    const choices = ['positive', 'negative', 'neutral'];
    const workerLoop = (w: ApiClient, wi: number) =>
      // a lease holds its slot whatever the overlap became meanwhile, so its answer is always taken
      annotateUntilDone(w, { projectId, keyPrefix: `w${wi}`, choice: (n) => choices[(wi + n) % 3]!, settled: () => managerDone, deadline, onReply: note });

    await Promise.all([managerLoop(), ...workers.map((w, wi) => workerLoop(w, wi))]);

    expect(failures).toEqual([]);
    expect(policyChanges).toBe(CHANGES.length * 4);
    await checkInvariants(server.db, projectId);
    // Every task got at least the final overlap, and the project shows all of them done.
    const tasks = await server.db.kysely.selectFrom('tasks').select(['answer_count', 'target']).where('project_id', '=', projectId).execute();
    expect(tasks).toHaveLength(TASKS);
    for (const t of tasks) {
      expect(t.target).toBeGreaterThanOrEqual(FINAL_OVERLAP);
      expect(t.answer_count).toBeGreaterThanOrEqual(t.target);
    }
    const project = await manager.request('GET', `/api/projects/${projectId}`);
    expect(project.body.project).toMatchObject({ taskCount: TASKS, completedCount: TASKS });
  }, 240_000);
});
