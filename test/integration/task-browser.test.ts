import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.js';
import { jsonlRows, qualityProject, texts, userWithRole, waitForJob, work } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, seedPeople, startTestServer, uploadTasks, type TestServer } from '../support/test-server.js';

type Row = { id: number; data: { text: string }; state: string; answerCount: number; isGold: boolean; importId: number | null };

/** Every page of the list for `query`, following nextCursor; `between` runs after each page (to add tasks meanwhile). */
async function allPages(client: ApiClient, projectId: number, query: string, between?: (page: number) => Promise<void>) {
  const rows: Row[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/api/projects/${projectId}/tasks?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await client.request('GET', url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rows.push(...(res.body.tasks as Row[]));
    cursor = res.body.nextCursor as string | null;
    pages++;
    if (between) await between(pages);
  } while (cursor !== null && pages < 200);
  return rows;
}

describe.each(DIALECTS)('task browser on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 2));
  });
  afterAll(async () => server?.stop());

  it('pages every task once, in order, while tasks are added behind and ahead of the cursor', async () => {
    const id = await qualityProject(manager, texts(23, 'p'));
    let added = 0;
    const rows = await allPages(manager, id, 'limit=5', async (page) => {
      if (page <= 2) {
        expect((await uploadTasks(manager, id, `more${page}.jsonl`, texts(3, `m${page}-`).join('\n'))).status).toBe(201);
        added += 3;
      }
    });
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(rows).toHaveLength(23 + added);

    const desc = await allPages(manager, id, 'limit=4&order=desc');
    expect(desc.map((r) => r.id)).toEqual([...ids].reverse());
  });

  it('filters by state, answers, annotator, gold, import, text, label, review and sorts by answer count', async () => {
    const id = await qualityProject(manager, texts(6, 'f'), 2);
    const second = await uploadTasks(manager, id, 'second.jsonl', [JSON.stringify({ text: 'needle in a haystack' })].join('\n'));
    expect(second.status).toBe(201);
    const secondImport = second.body.import.id as number;
    // Worker 0 answers three tasks positive; worker 1 answers two of them negative.
    const byWorker: { text: string; taskId: number; annotationId: number }[][] = [[], []];
    for (let i = 0; i < 3; i++) byWorker[0]!.push((await work(workers[0]!, id, () => 'positive'))!);
    for (let i = 0; i < 2; i++) byWorker[1]!.push((await work(workers[1]!, id, () => 'negative'))!);
    const taskIdsOf = (list: { taskId: number }[]) => [...new Set(list.map((x) => x.taskId))].sort((a, b) => a - b);
    const ids = async (query: string) => (await allPages(manager, id, query)).map((r) => r.id).sort((a, b) => a - b);
    const all = await ids('');
    expect(all).toHaveLength(7);

    const answered = taskIdsOf([...byWorker[0]!, ...byWorker[1]!]);
    const done = answered.filter((t) => byWorker[0]!.some((x) => x.taskId === t) && byWorker[1]!.some((x) => x.taskId === t));
    expect(await ids('answers=any')).toEqual(answered);
    expect(await ids('answers=none')).toEqual(all.filter((t) => !answered.includes(t)));
    expect(await ids('state=done')).toEqual(done);
    expect(await ids('state=in_progress')).toEqual(answered.filter((t) => !done.includes(t)));
    expect(await ids('state=open')).toEqual(all.filter((t) => !answered.includes(t)));
    expect(await ids(`annotator=${workers[1]!.userId}`)).toEqual(taskIdsOf(byWorker[1]!));
    expect(await ids(`importId=${secondImport}`)).toHaveLength(1);
    expect(await ids('q=needle')).toEqual(await ids(`importId=${secondImport}`));
    expect(await ids('q=nothing-like-this')).toEqual([]);
    expect(await ids('label=negative')).toEqual(taskIdsOf(byWorker[1]!));
    expect(await ids('label=positive')).toEqual(taskIdsOf(byWorker[0]!));

    // Reviews: a reviewer accepts one answer of worker 0 and rejects one of worker 1.
    const reviewer = await userWithRole(server, 'reviewer');
    const accepted = byWorker[0]!.find((x) => !byWorker[1]!.some((y) => y.taskId === x.taskId)) ?? byWorker[0]![0]!;
    const rejected = byWorker[1]![0]!;
    expect((await reviewer.request('POST', `/api/annotations/${accepted.annotationId}/review`, { action: 'accept' })).status).toBe(201);
    const rej = await reviewer.request('POST', `/api/annotations/${rejected.annotationId}/review`, { action: 'reject', reasonCode: 'wrong_label', comment: 'no' });
    expect(rej.status, JSON.stringify(rej.body)).toBe(201);
    expect(await ids('review=accepted')).toEqual([accepted.taskId]);
    expect(await ids('review=rejected')).toEqual([rejected.taskId]);
    const reviewedOnly = (t: number) => {
      const answers = [...byWorker[0]!, ...byWorker[1]!].filter((x) => x.taskId === t).map((x) => x.annotationId);
      return answers.every((a) => a === accepted.annotationId || a === rejected.annotationId);
    };
    expect(await ids('review=pending')).toEqual(answered.filter((t) => !reviewedOnly(t)));

    const sorted = await allPages(manager, id, 'sort=answers&order=desc&limit=2');
    expect(sorted).toHaveLength(7);
    const counts = sorted.map((r) => r.answerCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    // Gold: mark one answered task gold with worker 0's answer.
    const goldTask = byWorker[0]![0]!;
    const marked = await manager.request('POST', `/api/projects/${id}/tasks/${goldTask.taskId}/gold`, { annotationId: goldTask.annotationId });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(await ids('state=gold')).toEqual([goldTask.taskId]);
    expect(await ids('gold=false')).toEqual(all.filter((t) => t !== goldTask.taskId));
    const detail = await manager.request('GET', `/api/projects/${id}/tasks/${goldTask.taskId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.task.isGold).toBe(true);
    expect(detail.body.task.goldAnswer.result).toEqual(detail.body.task.annotations.find((a: { id: number }) => a.id === goldTask.annotationId).result);
    await checkInvariants(server.db, id);
    const project = await manager.request('GET', `/api/projects/${id}`);
    expect(project.body.project?.taskCount ?? project.body.taskCount).toBe(6);
    // A second marking is refused, and so is an answer of another task.
    expect((await manager.request('POST', `/api/projects/${id}/tasks/${goldTask.taskId}/gold`, { annotationId: goldTask.annotationId })).status).toBe(409);
    const other = byWorker[1]!.find((x) => x.taskId !== goldTask.taskId)!;
    const wrong = await manager.request('POST', `/api/projects/${id}/tasks/${all.find((t) => !answered.includes(t))}/gold`, { annotationId: other.annotationId });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('annotationId');
  });

  it('filters by agreement below a threshold, from the aggregates the aggregation wrote', async () => {
    const id = await qualityProject(manager, texts(3, 'g'), 2);
    // Worker 0 answers positive everywhere; worker 1 agrees on g0 only.
    for (let i = 0; i < 3; i++) await work(workers[0]!, id, () => 'positive');
    for (let i = 0; i < 3; i++) await work(workers[1]!, id, (text) => (text === 'g0' ? 'positive' : 'negative'));
    const started = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'mv' });
    expect(started.status).toBe(202);
    expect((await waitForJob(manager, started.body.job.id)).status).toBe('done');
    const aggregates = jsonlRows((await manager.request('GET', `/api/projects/${id}/aggregates?format=jsonl`)).body) as { task_id: number; confidence: number }[];
    expect(aggregates).toHaveLength(3);
    const confidences = [...new Set(aggregates.map((a) => a.confidence))];
    expect(confidences.length, 'the agreed task and the split ones have different confidences').toBeGreaterThan(1);
    const threshold = (Math.min(...confidences) + Math.max(...confidences)) / 2;
    const low = aggregates.filter((a) => a.confidence < threshold).map((a) => a.task_id).sort((a, b) => a - b);
    expect(low).toHaveLength(2);
    const listed = (await allPages(manager, id, `agreementBelow=${threshold}`)).map((r) => r.id).sort((a, b) => a - b);
    expect(listed).toEqual(low);
    const drawer = await manager.request('GET', `/api/projects/${id}/tasks/${low[0]}`);
    expect(drawer.body.task.aggregate.confidence).toBe(aggregates.find((a) => a.task_id === low[0])!.confidence);
    expect(drawer.body.task.annotations).toHaveLength(2);
  });

  it('bounds a text search to one window of tasks per request and goes on from a cursor', async () => {
    const id = await qualityProject(manager, [...texts(5_010, 'w'), JSON.stringify({ text: 'the only match' })]);
    const first = await manager.request('GET', `/api/projects/${id}/tasks?q=only%20match`);
    expect(first.status).toBe(200);
    expect(first.body.scanned).toBe(true);
    // The first 5,000 tasks hold no match: an empty page, and a cursor after them.
    expect(first.body.tasks).toEqual([]);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await manager.request('GET', `/api/projects/${id}/tasks?q=only%20match&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.tasks.map((r: Row) => r.data.text)).toEqual(['the only match']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows every answer, prediction and review in the drawer, with pseudonyms for nobody but clients', async () => {
    const id = await qualityProject(manager, texts(1, 'd'));
    const done = (await work(workers[0]!, id, () => 'neutral'))!;
    const detail = await manager.request('GET', `/api/projects/${id}/tasks/${done.taskId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.task.data).toEqual({ text: 'd0' });
    expect(detail.body.task.annotations).toHaveLength(1);
    expect(detail.body.task.annotations[0].completedBy).toBe(workers[0]!.userId);
    expect(detail.body.task.annotations[0].completedByEmail).toBe('a0@t.local');
    expect(detail.body.task.annotations[0].result[0].value.choices).toEqual(['neutral']);
  });

  it('keeps the counters right on bulk delete, asks to confirm for answered tasks, and audits it', async () => {
    const id = await qualityProject(manager, texts(5, 'x'));
    const done = (await work(workers[0]!, id, () => 'positive'))!;
    const all = (await allPages(manager, id, '')).map((r) => r.id);
    const bare = all.filter((t) => t !== done.taskId).slice(0, 2);
    const refused = await manager.request('POST', `/api/projects/${id}/tasks/delete`, { taskIds: [...bare, done.taskId] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('tasks_have_answers');
    expect((await allPages(manager, id, '')).map((r) => r.id)).toEqual(all);

    const deleted = await manager.request('POST', `/api/projects/${id}/tasks/delete`, { taskIds: bare });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toBe(2);
    await checkInvariants(server.db, id);
    const confirmed = await manager.request('POST', `/api/projects/${id}/tasks/delete`, { taskIds: [done.taskId], confirm: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.answersDeleted).toBe(1);
    await checkInvariants(server.db, id);
    expect((await allPages(manager, id, '')).map((r) => r.id)).toEqual(all.filter((t) => t !== done.taskId && !bare.includes(t)));
    const events = await server.db.kysely.selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'tasks.delete').execute();
    expect(events.map((e) => JSON.parse(e.data).taskIds)).toContainEqual([done.taskId]);
  });

  it('sends the selected answers to the front of the review queue, even a sampled one, and audits it', async () => {
    const id = await qualityProject(manager, texts(6, 'r'));
    const done: { taskId: number; annotationId: number }[] = [];
    for (let i = 0; i < 6; i++) done.push((await work(workers[0]!, id, () => 'positive'))!);
    const reviewer = await userWithRole(server, 'reviewer');
    // The reviewer decides the first answer; the manager then sends the last two tasks and the first to review.
    const first = done[0]!;
    expect((await reviewer.request('POST', `/api/annotations/${first.annotationId}/review`, { action: 'accept' })).status).toBe(201);
    const before = await reviewer.request('GET', `/api/projects/${id}/review-queue?limit=2`);
    expect(before.body.items.map((i: { annotationId: number }) => i.annotationId)).toEqual([done[1]!.annotationId, done[2]!.annotationId]);
    const wanted = [done[4]!, done[5]!];
    const sent = await manager.request('POST', `/api/projects/${id}/tasks/review`, { taskIds: [...wanted.map((d) => d.taskId), first.taskId] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toEqual({ requested: 2, alreadyReviewed: 1, tasksWithoutAnswers: 0 });
    const after = await reviewer.request('GET', `/api/projects/${id}/review-queue?limit=2`);
    expect(after.body.items.map((i: { annotationId: number }) => i.annotationId)).toEqual(wanted.map((d) => d.annotationId));
    expect(after.body.pending).toBe(5);
    // A sampled queue that samples nothing still shows what was requested.
    expect((await manager.request('PUT', `/api/projects/${id}/quality-policy`, { policy: { reviewSampleRate: 0 } })).status).toBe(200);
    const sampled = await reviewer.request('GET', `/api/projects/${id}/review-queue?mode=sample`);
    expect(sampled.status).toBe(200);
    expect(sampled.body.items.map((i: { annotationId: number }) => i.annotationId)).toEqual(wanted.map((d) => d.annotationId));
    // Decided, a requested answer leaves the queue.
    expect((await reviewer.request('POST', `/api/annotations/${wanted[0]!.annotationId}/review`, { action: 'accept' })).status).toBe(201);
    expect((await reviewer.request('GET', `/api/projects/${id}/review-queue?mode=sample`)).body.items.map((i: { annotationId: number }) => i.annotationId)).toEqual([wanted[1]!.annotationId]);
    const events = await server.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'tasks.send_to_review').where('entity_id', '=', String(id)).execute();
    expect(events.map((e) => JSON.parse(e.data).annotationIds)).toEqual([wanted.map((d) => d.annotationId)]);
    // Tasks can still be deleted with their requests.
    expect((await manager.request('POST', `/api/projects/${id}/tasks/delete`, { taskIds: [wanted[1]!.taskId], confirm: true })).status).toBe(200);
    await checkInvariants(server.db, id);
  });

  it('releases the live leases on the selected tasks so another annotator is offered them', async () => {
    const id = await qualityProject(manager, texts(1, 'l'));
    const claimed = await workers[0]!.request('POST', `/api/projects/${id}/next`);
    expect(claimed.status).toBe(200);
    expect((await workers[1]!.request('POST', `/api/projects/${id}/next`)).status).toBe(204);
    const released = await manager.request('POST', `/api/projects/${id}/tasks/release`, { taskIds: [claimed.body.assignment.taskId] });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.released).toBe(1);
    await checkInvariants(server.db, id);
    expect((await workers[0]!.request('POST', `/api/assignments/${claimed.body.assignment.id}/heartbeat`)).status).toBe(410);
    const next = await workers[1]!.request('POST', `/api/projects/${id}/next`);
    expect(next.status).toBe(200);
    expect(next.body.assignment.taskId).toBe(claimed.body.assignment.taskId);
    const again = await manager.request('POST', `/api/projects/${id}/tasks/release`, { taskIds: [999999] });
    expect(again.status).toBe(404);
  });

  it('exports only the selected tasks in any format, through the one export and its audit', async () => {
    const id = await qualityProject(manager, texts(5, 'e'));
    const done = (await work(workers[0]!, id, () => 'negative'))!;
    const all = (await allPages(manager, id, '')).map((r) => r.id);
    const chosen = [done.taskId, all.find((t) => t !== done.taskId)!].sort((a, b) => a - b);
    const jsonl = await manager.request('GET', `/api/projects/${id}/export?format=jsonl&task_ids=${chosen.join(',')}`);
    expect(jsonl.status).toBe(200);
    const lines = jsonlRows(jsonl.body as string) as { id: number; annotations: unknown[] }[];
    expect(lines.map((l) => l.id)).toEqual(chosen);
    expect(lines.find((l) => l.id === done.taskId)!.annotations).toHaveLength(1);
    const csv = await manager.request('GET', `/api/projects/${id}/export?format=csv&task_ids=${chosen.join(',')}`);
    expect(csv.status).toBe(200);
    const rows = (csv.body as string).trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((r) => Number(r.split(',')[0]))).toEqual(chosen);
    const bad = await manager.request('GET', `/api/projects/${id}/export?format=jsonl&task_ids=1,x`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('task_ids');
    const events = await server.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'project.exported').where('entity_id', '=', String(id)).execute();
    expect(events.map((e) => JSON.parse(e.data) as { selectedTasks?: number; rows: number })).toContainEqual(expect.objectContaining({ selectedTasks: 2, rows: 2 }));
  });

  it('is hidden from people outside the project (404), refused to annotators (403), and names a bad parameter (400)', async () => {
    const id = await qualityProject(manager, texts(2, 'h'));
    const annotator = await workers[0]!.request('GET', `/api/projects/${id}/tasks`);
    expect(annotator.status).toBe(403);
    // A reviewer lacks the permission whether or not they see the project: 403.
    expect((await (await userWithRole(server, 'reviewer')).request('GET', `/api/projects/${id}/tasks`)).status).toBe(403);
    // A manager of another organisation sees no such project, nor its tasks: 404.
    const admin = await ApiClient.login(server.baseUrl, 'admin@t.local', 'password-admin');
    const org = await admin.request('POST', '/api/organizations', { name: `Other ${dialect}` });
    expect(org.status).toBe(201);
    const made = await admin.request('POST', '/api/users', { email: 'outsider@b.local', password: 'password-outsider', role: 'manager', orgId: org.body.organization.id });
    expect(made.status).toBe(201);
    const outsider = await ApiClient.login(server.baseUrl, 'outsider@b.local', 'password-outsider');
    expect((await outsider.request('GET', `/api/projects/${id}/tasks`)).status).toBe(404);
    const [first] = await allPages(manager, id, '');
    expect((await outsider.request('GET', `/api/projects/${id}/tasks/${first!.id}`)).status).toBe(404);
    expect((await outsider.request('POST', `/api/projects/${id}/tasks/delete`, { taskIds: [first!.id] })).status).toBe(404);
    expect((await allPages(manager, id, '')).length).toBe(2);
    expect((await manager.request('GET', `/api/projects/999999/tasks`)).status).toBe(404);
    const bad = await manager.request('GET', `/api/projects/${id}/tasks?sort=colour`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('sort');
    const scanSort = await manager.request('GET', `/api/projects/${id}/tasks?q=a&sort=answers`);
    expect(scanSort.status).toBe(400);
    expect(scanSort.body.error.details.field).toBe('sort');
    const badCursor = await manager.request('GET', `/api/projects/${id}/tasks?cursor=nonsense`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details.field).toBe('cursor');
  });
});
