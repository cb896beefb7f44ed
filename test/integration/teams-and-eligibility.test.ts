import { createUser } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { SENTIMENT_CONFIG, seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** Teams with members (issue #11 item 2) and the warning before a policy leaves a project with nobody to work. */
describe.each(DIALECTS)('teams and eligibility warnings on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  const project = async (name: string) => {
    const created = await manager.request('POST', '/api/projects', { name, labelConfig: SENTIMENT_CONFIG, overlap: 1 });
    expect(created.status).toBe(201);
    const id = created.body.project.id as number;
    expect((await uploadTasks(manager, id, 't.jsonl', texts(3, `${name}-`).join('\n'))).status).toBe(201);
    return id;
  };
  const check = async (projectId: number, policy: unknown) => {
    const res = await manager.request('POST', `/api/projects/${projectId}/assignment-policy/check`, { policy });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.eligibility as { eligibleWorkers: number; warnings: Record<string, unknown>[] };
  };
  const newTeam = async (name: string) => {
    const res = await manager.request('POST', '/api/teams', { name });
    expect(res.status).toBe(201);
    return res.body.team.id as number;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 3));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('adds members in bulk, lists and removes them; ids of another organisation or no user are refused by entry', async () => {
    const teamId = await newTeam('Class 3');
    const [a, b, c] = workers.map((w) => w.userId) as [number, number, number];
    const added = await manager.request('POST', `/api/teams/${teamId}/members`, { userIds: [a, b, c] });
    expect(added.status).toBe(200);
    expect(added.body.members).toEqual([a, b, c].sort((x, y) => x - y));
    expect((await manager.request('POST', `/api/teams/${teamId}/members`, { userIds: [a] })).body.members).toHaveLength(3);

    const refused = await manager.request('POST', `/api/teams/${teamId}/members/remove`, { userIds: [a, 999_999] });
    expect([refused.status, refused.body.error.code, refused.body.error.details.field]).toEqual([400, 'unknown_member', 'userIds.1']);
    const removed = await manager.request('POST', `/api/teams/${teamId}/members/remove`, { userIds: [a, b] });
    expect(removed.body.members).toEqual([c]);
    expect((await manager.request('DELETE', `/api/teams/${teamId}/members/${c}`)).body.members).toEqual([]);

    const listed = (await manager.request('GET', '/api/teams')).body.teams.find((t: { id: number }) => t.id === teamId);
    expect(listed.members).toEqual([]);
    const audit = await server.db.kysely.selectFrom('audit_events').select('action').where('entity_type', '=', 'team').where('entity_id', '=', String(teamId)).orderBy('id').execute();
    expect(audit.map((e) => e.action)).toEqual(['team.created', 'team.members_added', 'team.members_removed', 'team.members_removed']);

    const people = (await manager.request('GET', '/api/workforce')).body.people as { id: number; role: string; teams: number[] }[];
    expect(people.find((p) => p.id === a)).toMatchObject({ role: 'annotator', teams: [] });
    expect((await workers[0]!.request('GET', '/api/workforce')).status).toBe(403);
  });

  it('names why a policy leaves nobody: an empty team, a qualification nobody holds, no members, nobody meeting all', async () => {
    const projectId = await project('warned');
    const empty = await newTeam('Night shift');
    expect(await check(projectId, { eligibility: { teams: [empty] } })).toEqual({
      eligibleWorkers: 0,
      warnings: [{ code: 'team_has_no_members', teamId: empty, teamName: 'Night shift' }],
    });
    expect(await check(projectId, { eligibility: { qualification: 'medical-l2' } })).toEqual({
      eligibleWorkers: 0,
      warnings: [{ code: 'qualification_held_by_nobody', qualification: 'medical-l2' }],
    });
    expect(await check(projectId, {})).toEqual({ eligibleWorkers: 3, warnings: [] });

    // A team whose only member is not a member of the members-only project: each rule alone has people, together none.
    const day = await newTeam('Day shift');
    await manager.request('POST', `/api/teams/${day}/members`, { userIds: [workers[0]!.userId] });
    await manager.request('PUT', `/api/projects/${projectId}/access`, { access: 'members' });
    expect((await check(projectId, {})).warnings).toEqual([{ code: 'project_has_no_workers', access: 'members' }]);
    await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [workers[1]!.userId] });
    expect(await check(projectId, { eligibility: { teams: [day] } })).toEqual({ eligibleWorkers: 0, warnings: [{ code: 'no_worker_meets_all' }] });
    await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [workers[0]!.userId] });
    expect(await check(projectId, { eligibility: { teams: [day] } })).toEqual({ eligibleWorkers: 1, warnings: [] });

    // The check saves nothing; saving anyway works and answers with the same warnings; the locked-out worker sees why.
    expect((await manager.request('GET', `/api/projects/${projectId}/assignment-policy`)).body.policy.eligibility.teams).toEqual([]);
    const saved = await manager.request('PUT', `/api/projects/${projectId}/assignment-policy`, { policy: { eligibility: { teams: [empty] } } });
    expect(saved.status).toBe(200);
    expect(saved.body.eligibility.warnings).toEqual([{ code: 'team_has_no_members', teamId: empty, teamName: 'Night shift' }]);
    const next = await workers[0]!.request('POST', `/api/projects/${projectId}/next`);
    expect([next.status, next.headers.get('x-biaozhu-reason')]).toEqual([204, 'not_eligible']);

    // A bad policy is a 400 naming the field, as when saving.
    const bad = await manager.request('POST', `/api/projects/${projectId}/assignment-policy/check`, { policy: { goldRate: 2 } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_policy']);
    expect(bad.body.error.message).toContain('policy.goldRate');
  });

  it('does not count disabled workers', async () => {
    const projectId = await project('disabled');
    const qualified = await createUser(server.ctx, { email: 'q@t.local', password: 'password-q', role: 'annotator' });
    expect((await manager.request('POST', `/api/users/${qualified.id}/qualifications`, { name: 'exam-1' })).status).toBe(200);
    expect(await check(projectId, { eligibility: { qualification: 'exam-1' } })).toEqual({ eligibleWorkers: 1, warnings: [] });
    await server.db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', qualified.id).execute();
    expect(await check(projectId, { eligibility: { qualification: 'exam-1' } })).toEqual({
      eligibleWorkers: 0,
      warnings: [{ code: 'qualification_held_by_nobody', qualification: 'exam-1' }],
    });
  });
});
