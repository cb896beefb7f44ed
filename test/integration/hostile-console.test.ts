import { createOrganization, createUser } from '@biaozhu/core';
import { sql } from '@biaozhu/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityProject, texts } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, seedPeople, SENTIMENT_CONFIG, startTestServer, type TestServer } from '../support/test-server.js';

const deepObjectText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const HUGE = 'x'.repeat(300_000);

/** The tables a console route writes; a refused request changes none of them. */
const WRITTEN = ['projects', 'project_members', 'users', 'teams', 'team_members', 'tasks', 'assignments', 'audit_events'] as const;

/**
 * Hostile input on the manager's console routes (issue #11): projects (create, settings, access, members), people,
 * teams, the task browser's list and bulk actions and tasks/assign. Each request is answered with a 400 or 404 that
 * names the field (or the record), and nothing is written: every table such a route writes keeps its row count.
 */
describe.each(DIALECTS)('hostile input on the console routes on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let projectId: number;
  let otherProjectId: number;
  let otherProjectTask: number;
  let teamId: number;
  let strangerId: number;
  let strangerProjectId: number;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
    projectId = await qualityProject(manager, texts(3, 'h'));
    otherProjectId = await qualityProject(manager, texts(2, 'o'));
    otherProjectTask = (await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', otherProjectId).executeTakeFirstOrThrow()).id;
    teamId = (await manager.request('POST', '/api/teams', { name: `hostile ${dialect}` })).body.team.id as number;
    // Another organisation with its own manager, annotator and project.
    const org = await createOrganization(server.ctx, null, `other org ${dialect}`);
    strangerId = Number((await createUser(server.ctx, { email: `x-annotator-${dialect}@o.local`, password: 'password-x-annotator', role: 'annotator', orgId: org.id })).id);
    await createUser(server.ctx, { email: `x-manager-${dialect}@o.local`, password: 'password-x-manager', role: 'manager', orgId: org.id });
    const theirs = await ApiClient.login(server.baseUrl, `x-manager-${dialect}@o.local`, 'password-x-manager');
    strangerProjectId = (await theirs.request('POST', '/api/projects', { name: 'theirs', labelConfig: SENTIMENT_CONFIG })).body.project.id as number;
  });
  afterAll(async () => server?.stop());

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of WRITTEN) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(server.db.kysely);
      counts[table] = Number(rows[0]!.n);
    }
    return counts;
  }

  type Case = { name: string; method: string; url: () => string; body?: unknown; status: 400 | 404; field?: string | RegExp; code?: string };
  const cases: Case[] = [
    // Projects: create.
    { name: 'NUL in a project name', method: 'POST', url: () => '/api/projects', body: { name: 'a\u0000b', labelConfig: SENTIMENT_CONFIG }, status: 400, field: 'body.name' },
    { name: 'a label config nested 100,000 deep', method: 'POST', url: () => '/api/projects', body: `{"name":"deep","labelConfig":${deepObjectText(100_000)}}`, status: 400, field: 'body.labelConfig', code: 'too_deep' },
    { name: 'a 300,000-character name', method: 'POST', url: () => '/api/projects', body: { name: HUGE, labelConfig: SENTIMENT_CONFIG }, status: 400, field: 'body.name' },
    { name: 'overlap as a string', method: 'POST', url: () => '/api/projects', body: { name: 'p', labelConfig: SENTIMENT_CONFIG, overlap: '3' }, status: 400, field: 'body.overlap' },
    { name: 'an unknown key', method: 'POST', url: () => '/api/projects', body: { name: 'p', labelConfig: SENTIMENT_CONFIG, owner: 1 }, status: 400, field: 'body.owner' },
    { name: 'an unknown access', method: 'POST', url: () => '/api/projects', body: { name: 'p', labelConfig: SENTIMENT_CONFIG, access: 'public' }, status: 400, field: 'body.access' },
    {
      name: 'a first member of another organisation',
      method: 'POST',
      url: () => '/api/projects',
      body: () => ({ name: 'p', labelConfig: SENTIMENT_CONFIG, access: 'members', members: [{ userId: strangerId }] }),
      status: 400,
      field: 'members.0.userId',
    },
    { name: 'a member entry with an unknown key', method: 'POST', url: () => '/api/projects', body: { name: 'p', labelConfig: SENTIMENT_CONFIG, members: [{ userId: 1, admin: true }] }, status: 400, field: 'body.members[0].admin' },
    // Projects: settings, access, members.
    { name: 'settings: an unknown key', method: 'PATCH', url: () => `/api/projects/${projectId}`, body: { name: 'n', archived: true }, status: 400, field: 'body.archived' },
    { name: 'settings: a name of the wrong type', method: 'PATCH', url: () => `/api/projects/${projectId}`, body: { name: 12 }, status: 400, field: 'body.name' },
    { name: 'settings: another organisation\'s project', method: 'PATCH', url: () => `/api/projects/${strangerProjectId}`, body: { name: 'mine now' }, status: 404 },
    { name: 'access: NUL', method: 'PUT', url: () => `/api/projects/${projectId}/access`, body: { access: 'members\u0000' }, status: 400, field: 'body.access' },
    { name: 'access: a number', method: 'PUT', url: () => `/api/projects/${projectId}/access`, body: { access: 1 }, status: 400, field: 'body.access' },
    { name: 'members: a user of another organisation', method: 'POST', url: () => `/api/projects/${projectId}/members`, body: () => ({ userIds: [strangerId] }), status: 400, field: 'members.0.userId' },
    { name: 'members: ids as strings', method: 'POST', url: () => `/api/projects/${projectId}/members`, body: { userIds: ['1'] }, status: 400, field: 'body.userIds[0]' },
    { name: 'members: another organisation\'s project', method: 'POST', url: () => `/api/projects/${strangerProjectId}/members`, body: () => ({ userIds: [workers[0]!.userId] }), status: 404 },
    // People and teams.
    { name: 'people: NUL in a name', method: 'POST', url: () => '/api/people', body: { name: 'Li\u0000', email: 'li@t.local', role: 'annotator' }, status: 400, field: 'body.name' },
    { name: 'people: an unknown key', method: 'POST', url: () => '/api/people', body: { name: 'Li', email: 'li@t.local', role: 'annotator', isAdmin: true }, status: 400, field: 'body.isAdmin' },
    { name: 'people: a role of the wrong type', method: 'POST', url: () => '/api/people', body: { name: 'Li', email: 'li@t.local', role: ['admin'] }, status: 400, field: 'body.role' },
    { name: 'people: a huge email', method: 'POST', url: () => '/api/people', body: { name: 'Li', email: HUGE, role: 'annotator' }, status: 400, field: 'body.email' },
    { name: 'people: a roster nested deep', method: 'POST', url: () => '/api/people/roster', body: `{"csv":${deepObjectText(100_000)}}`, status: 400, field: 'body.csv', code: 'too_deep' },
    { name: 'teams: a name nested deep', method: 'POST', url: () => '/api/teams', body: `{"name":${deepObjectText(100_000)}}`, status: 400, field: 'body.name', code: 'too_deep' },
    { name: 'teams: an unknown key', method: 'POST', url: () => '/api/teams', body: { name: 't', lead: 1 }, status: 400, field: 'body.lead' },
    { name: 'teams: a member of another organisation', method: 'POST', url: () => `/api/teams/${teamId}/members`, body: () => ({ userIds: [strangerId] }), status: 400, field: /userIds/ },
    // The task browser.
    { name: 'list: a limit that is not a number', method: 'GET', url: () => `/api/projects/${projectId}/tasks?limit=lots`, status: 400, field: 'query.limit' },
    { name: 'list: NUL in the search', method: 'GET', url: () => `/api/projects/${projectId}/tasks?q=a%00b`, status: 400, field: 'query.q' },
    { name: 'list: a huge search', method: 'GET', url: () => `/api/projects/${projectId}/tasks?q=${'x'.repeat(5000)}`, status: 400, field: 'query.q' },
    { name: 'list: a forged cursor', method: 'GET', url: () => `/api/projects/${projectId}/tasks?cursor=bm90IGEgY3Vyc29y`, status: 400, field: 'cursor' },
    { name: 'list: another organisation\'s project', method: 'GET', url: () => `/api/projects/${strangerProjectId}/tasks`, status: 404 },
    { name: 'delete: a task of another project', method: 'POST', url: () => `/api/projects/${projectId}/tasks/delete`, body: () => ({ taskIds: [otherProjectTask] }), status: 404 },
    { name: 'delete: ids as strings', method: 'POST', url: () => `/api/projects/${projectId}/tasks/delete`, body: { taskIds: ['1'] }, status: 400, field: 'body.taskIds[0]' },
    { name: 'review: 1,001 tasks', method: 'POST', url: () => `/api/projects/${projectId}/tasks/review`, body: { taskIds: Array.from({ length: 1001 }, (_, i) => i + 1) }, status: 400, field: 'body.taskIds' },
    { name: 'release: a task of another project', method: 'POST', url: () => `/api/projects/${projectId}/tasks/release`, body: () => ({ taskIds: [otherProjectTask] }), status: 404 },
    // Assign.
    { name: 'assign: a user of another organisation', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: strangerId, taskIds: [otherProjectTask] }), status: 400, field: 'userId' },
    { name: 'assign: a task of another project', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: workers[0]!.userId, taskIds: [otherProjectTask] }), status: 404 },
    { name: 'assign: a user id as a string', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: String(workers[0]!.userId), taskIds: [1] }), status: 400, field: 'body.userId' },
    { name: 'assign: an unknown key', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: workers[0]!.userId, taskIds: [1], priority: 9 }), status: 400, field: 'body.priority' },
    { name: 'assign: an unknown filter key', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: workers[0]!.userId, filter: { sql: '1=1' } }), status: 400, field: 'body.filter.sql' },
    { name: 'assign: a selection and a filter', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: workers[0]!.userId, taskIds: [1], filter: { q: 'h' } }), status: 400, field: 'filter' },
    { name: 'assign: a hold of a year', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: workers[0]!.userId, taskIds: [1], holdHours: 8760 }), status: 400, field: 'body.holdHours' },
    { name: 'assign: NUL in the filter', method: 'POST', url: () => `/api/projects/${projectId}/tasks/assign`, body: () => ({ userId: workers[0]!.userId, filter: { q: '\u0000' } }), status: 400, field: 'body.filter.q' },
    { name: 'assign: another organisation\'s project', method: 'POST', url: () => `/api/projects/${strangerProjectId}/tasks/assign`, body: () => ({ userId: workers[0]!.userId, taskIds: [1] }), status: 404 },
  ];

  it.each(cases)('$name: $status naming the field, nothing written', async ({ method, url, body, status, field, code }) => {
    const before = await rowCounts();
    const res = await manager.request(method, url(), typeof body === 'function' ? (body as () => unknown)() : body);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(status);
    expect(typeof res.body.error.message).toBe('string');
    if (code !== undefined) expect(res.body.error.code).toBe(code);
    if (field instanceof RegExp) expect(String(res.body.error.details?.field ?? res.body.error.message)).toMatch(field);
    else if (field !== undefined) expect(res.body.error.details?.field).toBe(field);
    expect(await rowCounts()).toEqual(before);
  });
});
