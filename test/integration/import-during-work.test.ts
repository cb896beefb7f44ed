import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { annotateUntilDone } from '../support/annotator-loop.js';
import { checkInvariants } from '../support/invariants.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

const ANNOTATORS = 20;
const TASKS = 600;
/** The re-import brings this many Label Studio answers for each of the first tasks: as many as the overlap. */
const CARRIED = 2;
const CARRIED_TASKS = 300;
const OVERLAP = 2;

/** A Label Studio task file; the first `withAnswers` tasks carry CARRIED annotations each. */
function labelStudioFile(withAnswers: number): string {
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    id: i + 1,
    data: { text: `review ${i + 1}` },
    annotations:
      i < withAnswers
        ? Array.from({ length: CARRIED }, (_, k) => ({
            id: 100_000 + i * CARRIED + k,
            completed_by: 900 + k,
            result: [{ id: `r${k}`, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } }],
          }))
        : [],
  }));
  return JSON.stringify(tasks);
}

describe.each(DIALECTS)('a Label Studio import with answers while annotators work on the same tasks, on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, ANNOTATORS + 1));
  });
  afterAll(async () => server?.stop());

  it('counts imported answers with the workers’ own, honours leases held during the import, and finishes every task', async () => {
    const created = await manager.request('POST', '/api/projects', { name: 'ls-during-work', labelConfig: SENTIMENT_CONFIG, overlap: OVERLAP });
    const projectId = created.body.project.id as number;
    expect((await uploadTasks(manager, projectId, 'tasks.json', labelStudioFile(0))).status).toBe(201);

    // One worker holds a lease on the first task across the import, which then brings it as many answers as the
    // overlap: the lease must still be answerable, and its answer counted.
    const holder = workers[ANNOTATORS]!;
    const held = await holder.request('POST', `/api/projects/${projectId}/next`);
    expect(held.status).toBe(200);
    expect(held.body.assignment.data.text).toBe('review 1');

    const failures: string[] = [];
    const note = (what: string, res: { status: number; body: unknown }) => {
      if (res.status >= 500) failures.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    let imported = false;
    let submitted = 0;
    const deadline = Date.now() + 200_000;
    const work = (w: ApiClient, wi: number) =>
      annotateUntilDone(w, {
        projectId,
        keyPrefix: `w${wi}`,
        choice: () => 'negative',
        settled: () => imported,
        deadline,
        onReply: note,
        onSubmitted: () => (submitted += 1),
      });
    const importWhileWorking = async () => {
      while (submitted < 40) await new Promise((r) => setTimeout(r, 10));
      // The same tasks (same ids and data) again, now with the answers collected elsewhere.
      const res = await uploadTasks(manager, projectId, 'tasks-with-answers.json', labelStudioFile(CARRIED_TASKS), { onConflict: 'update' });
      note('import', res);
      expect(res.status).toBe(201);
      expect(res.body.import).toMatchObject({ tasksCreated: 0, annotationsImported: CARRIED * CARRIED_TASKS });
      const late = await holder.request('POST', `/api/assignments/${held.body.assignment.id}/submit`, { result: answer('neutral'), idempotencyKey: 'holder-1' });
      note('holder submit', late);
      expect(late.status).toBe(200);
      imported = true;
    };
    await Promise.all([importWhileWorking(), ...workers.slice(0, ANNOTATORS).map((w, wi) => work(w, wi))]);

    expect(failures).toEqual([]);
    await checkInvariants(server.db, projectId);

    const first = await server.db.kysely
      .selectFrom('tasks')
      .select(['answer_count', 'target'])
      .where('project_id', '=', projectId)
      .where('external_id', '=', '1')
      .executeTakeFirstOrThrow();
    // the imported answers, the holder's and at most one other worker's who took the second slot before the import
    expect(first.answer_count).toBeGreaterThanOrEqual(CARRIED + 1);
    expect(first.target).toBe(first.answer_count);
    const project = await manager.request('GET', `/api/projects/${projectId}`);
    expect(project.body.project).toMatchObject({ taskCount: TASKS, completedCount: TASKS });
    expect((await holder.request('POST', `/api/projects/${projectId}/next`)).headers.get('x-biaozhu-reason')).toBe('all_done');
  }, 240_000);
});
