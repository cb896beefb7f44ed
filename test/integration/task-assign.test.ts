import { createOrganization, createUser } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.js';
import { jsonlRows, qualityProject, texts, userWithRole, work } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import type { ApiClient} from '../support/test-server.js';
import { answer, seedPeople, SENTIMENT_CONFIG, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The manager's console, issue #11: handing tasks to a named annotator (tasks/assign), the export of the task
 * browser's filter, and a members-only project created with its members in one request.
 */
describe.each(DIALECTS)('assigning tasks, exporting the filter and one-step projects on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 2));
  });
  afterAll(async () => server?.stop());

  const taskIdsOf = async (projectId: number, query = '') =>
    ((await manager.request('GET', `/api/projects/${projectId}/tasks?limit=200&${query}`)).body.tasks as { id: number }[]).map((t) => t.id);
  const next = async (w: ApiClient, projectId: number) => {
    const res = await w.request('POST', `/api/projects/${projectId}/next`);
    return res.status === 204 ? undefined : (res.body.assignment as { id: number; taskId: number });
  };
  const leaseCount = async (projectId: number) =>
    Number((await server.db.kysely.selectFrom('assignments').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);

  it('hands the selected tasks to the named annotator first, in the order given, and to nobody else', async () => {
    const id = await qualityProject(manager, texts(8, 'a'));
    const all = await taskIdsOf(id);
    const chosen = [all[6]!, all[2]!, all[4]!];
    const res = await manager.request('POST', `/api/projects/${id}/tasks/assign`, { userId: workers[1]!.userId, taskIds: chosen });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ userId: workers[1]!.userId, assigned: 3, assignedTaskIds: chosen, alreadyAnswered: 0, overlapFull: 0, gold: 0 });

    // The other annotator works through the project and never gets them (overlap 1: the slots are taken).
    const others: number[] = [];
    for (let t = await next(workers[0]!, id); t; t = await next(workers[0]!, id)) {
      others.push(t.taskId);
      expect((await workers[0]!.request('POST', `/api/assignments/${t.id}/submit`, { result: answer('neutral'), idempotencyKey: `o${t.id}` })).status).toBe(200);
    }
    expect(others.sort((a, b) => a - b)).toEqual(all.filter((t) => !chosen.includes(t)));

    // The named one gets exactly those, in that order, then nothing.
    const got: number[] = [];
    for (let t = await next(workers[1]!, id); t; t = await next(workers[1]!, id)) {
      got.push(t.taskId);
      expect((await workers[1]!.request('POST', `/api/assignments/${t.id}/submit`, { result: answer('positive'), idempotencyKey: `n${t.id}` })).status).toBe(200);
    }
    expect(got).toEqual(chosen);

    const audit = await server.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'tasks.assign').where('entity_id', '=', String(id)).execute();
    expect(audit).toHaveLength(1);
    await checkInvariants(server.db, id);
  });

  it('counts tasks the person answered, full tasks and gold tasks instead of assigning them', async () => {
    const id = await qualityProject(manager, texts(4, 'c'));
    const answered = (await work(workers[0]!, id, () => 'positive'))!.taskId;
    const full = (await work(workers[1]!, id, () => 'positive'))!.taskId;
    const rest = (await taskIdsOf(id)).filter((t) => t !== answered && t !== full);
    const res = await manager.request('POST', `/api/projects/${id}/tasks/assign`, { userId: workers[0]!.userId, taskIds: [answered, full, ...rest] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assigned: 2, alreadyAnswered: 1, overlapFull: 1, assignedTaskIds: rest });
    // Assigning the same tasks again: the person holds them already.
    const again = await manager.request('POST', `/api/projects/${id}/tasks/assign`, { userId: workers[0]!.userId, taskIds: rest });
    expect(again.body).toMatchObject({ assigned: 0, alreadyHeld: 2 });
    await checkInvariants(server.db, id);
  });

  it('takes one overlap slot per assigned task, and the prefetch (mode=ahead) gets the next assigned task', async () => {
    const id = await qualityProject(manager, texts(3, 'v'), 2);
    const all = await taskIdsOf(id);
    const chosen = [all[2]!, all[1]!];
    expect((await manager.request('POST', `/api/projects/${id}/tasks/assign`, { userId: workers[1]!.userId, taskIds: chosen })).body.assigned).toBe(2);
    // Overlap 2: the other annotator is still offered every task, the assigned ones in their second slot.
    const others: number[] = [];
    for (let t = await next(workers[0]!, id); t; t = await next(workers[0]!, id)) {
      others.push(t.taskId);
      expect((await workers[0]!.request('POST', `/api/assignments/${t.id}/submit`, { result: answer('neutral'), idempotencyKey: `v${t.id}` })).status).toBe(200);
    }
    expect(others.sort((a, b) => a - b)).toEqual(all);
    const first = await next(workers[1]!, id);
    const ahead = await workers[1]!.request('POST', `/api/projects/${id}/next?mode=ahead`);
    expect([first?.taskId, ahead.body.assignment.taskId]).toEqual(chosen);
    await checkInvariants(server.db, id);
  });

  it('assigns the tasks the filter matches', async () => {
    const id = await qualityProject(manager, [...texts(3, 'plain'), ...texts(2, 'needle')]);
    const needles = await taskIdsOf(id, 'q=needle');
    expect(needles).toHaveLength(2);
    const res = await manager.request('POST', `/api/projects/${id}/tasks/assign`, { userId: workers[1]!.userId, filter: { q: 'needle' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assigned: 2, assignedTaskIds: needles, notTaken: 0 });
    expect((await next(workers[1]!, id))?.taskId).toBe(needles[0]);
    const empty = await manager.request('POST', `/api/projects/${id}/tasks/assign`, { userId: workers[1]!.userId, filter: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.field).toBe('filter');
  });

  it('refuses a person who may not annotate the project, naming them and why, and writes nothing', async () => {
    const id = await qualityProject(manager, texts(3, 'r'));
    const [task] = await taskIdsOf(id);
    const before = await leaseCount(id);
    const refuse = async (userId: number, code: string, words: RegExp) => {
      const res = await manager.request('POST', `/api/projects/${id}/tasks/assign`, { userId, taskIds: [task] });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.details.field).toBe('userId');
      expect(res.body.error.message).toMatch(words);
    };
    const client = await userWithRole(server, 'client', `client-assign-${dialect}`);
    await refuse(client.userId, 'assignee_not_member', /client-assign/);
    await refuse(manager.userId, 'assignee_cannot_annotate', /manager@t\.local.*manager/);

    // A team policy the person is not in.
    const team = await manager.request('POST', '/api/teams', { name: `night shift ${dialect}` });
    expect(team.status).toBe(201);
    const policy = await manager.request('PUT', `/api/projects/${id}/assignment-policy`, { policy: { eligibility: { teams: [team.body.team.id] } } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(200);
    await refuse(workers[0]!.userId, 'assignee_not_eligible', /a0@t\.local.*teams/);

    // Members only, and the person is not listed.
    expect((await manager.request('PUT', `/api/projects/${id}/access`, { access: 'members' })).status).toBe(200);
    await refuse(workers[1]!.userId, 'assignee_not_member', /a1@t\.local.*not a member/);

    // Another organisation's user, a deactivated one, an unknown id.
    const other = await createOrganization(server.ctx, null, `elsewhere ${dialect}`);
    const stranger = await createUser(server.ctx, { email: `stranger-${dialect}@o.local`, password: 'password-stranger', role: 'annotator', orgId: other.id });
    await refuse(Number(stranger.id), 'unknown_user', /no user/);
    await refuse(999_999, 'unknown_user', /no user 999999/);
    const gone = await userWithRole(server, 'annotator', `gone-${dialect}`);
    expect((await manager.request('POST', `/api/projects/${id}/members`, { userIds: [gone.userId] })).status).toBe(200);
    expect((await manager.request('POST', `/api/users/${gone.userId}/disable`)).status).toBe(200);
    await refuse(gone.userId, 'assignee_disabled', /deactivated/);

    expect(await leaseCount(id)).toBe(before);
  });

  it('exports exactly the tasks the filter matches, in every text format, and refuses a filter with a selection', async () => {
    const id = await qualityProject(manager, [...texts(4, 'keep'), ...texts(3, 'drop')]);
    await work(workers[0]!, id, () => 'positive');
    const wanted = await taskIdsOf(id, 'q=keep');
    expect(wanted).toHaveLength(4);
    const jsonl = await manager.request('GET', `/api/projects/${id}/export?format=jsonl&q=keep`);
    expect(jsonl.status).toBe(200);
    expect(jsonlRows(jsonl.body).map((r) => r.id)).toEqual(wanted);
    const lsJson = await manager.request('GET', `/api/projects/${id}/export?format=ls-json&q=keep`);
    expect((lsJson.body as { id: number }[]).map((r) => r.id)).toEqual(wanted);
    const csv = await manager.request('GET', `/api/projects/${id}/export?format=csv&q=keep&bom=false`);
    const csvIds = [...new Set((csv.body as string).trim().split('\n').slice(1).map((l) => Number(l.split(',')[0])))];
    expect(csvIds).toEqual(wanted);
    // An indexed filter too: the tasks with answers.
    const answered = await taskIdsOf(id, 'answers=any');
    expect(jsonlRows((await manager.request('GET', `/api/projects/${id}/export?format=jsonl&answers=any`)).body).map((r) => r.id)).toEqual(answered);

    const both = await manager.request('GET', `/api/projects/${id}/export?format=jsonl&q=keep&task_ids=${wanted[0]}`);
    expect(both.status).toBe(400);
    expect(both.body.error.details.field).toBe('task_ids');
    const badState = await manager.request('GET', `/api/projects/${id}/export?format=jsonl&state=nonsense`);
    expect(badState.status).toBe(400);
    expect(badState.body.error.details.field).toBe('query.state');
  });

  it('creates a members-only project with its members in one request, or nothing at all', async () => {
    const name = `members only ${dialect}`;
    const res = await manager.request('POST', '/api/projects', {
      name,
      labelConfig: SENTIMENT_CONFIG,
      access: 'members',
      members: [{ userId: workers[0]!.userId, projectRole: 'annotator' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.project.id as number;
    expect(res.body.project).toMatchObject({ access: 'members', members: 1 });
    const seen = async (w: ApiClient) => ((await w.request('GET', '/api/projects')).body.projects as { id: number }[]).some((p) => p.id === id);
    expect(await seen(workers[0]!)).toBe(true);
    expect(await seen(workers[1]!)).toBe(false);
    expect((await workers[1]!.request('GET', `/api/projects/${id}`)).status).toBe(404);
    expect((await manager.request('GET', `/api/projects/${id}/members`)).body).toMatchObject({ access: 'members', members: [{ userId: workers[0]!.userId, projectRole: 'annotator' }] });

    const count = async () => Number((await server.db.kysely.selectFrom('projects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const refused = await manager.request('POST', '/api/projects', {
      name: `${name} refused`,
      labelConfig: SENTIMENT_CONFIG,
      access: 'members',
      members: [{ userId: workers[0]!.userId }, { userId: manager.userId }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.field).toBe('members.1.userId');
    expect(await count()).toBe(before);
  });
});
