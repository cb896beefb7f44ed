import fs from 'node:fs';
import { createUser, EXPORT_JOB_KIND, intakeSpoolRoot, isAllowed, type Permission } from '@biaozhu/core';
import { enqueueJob } from '@biaozhu/core/jobs/enqueue-job';
import type { Role } from '@biaozhu/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadForCleaning, waitForJob as waitForCleaning } from '../support/intake-helpers.js';
import { texts, waitForJob, work } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, SENTIMENT_CONFIG, startTestServer, uploadTasks, type TestServer } from '../support/test-server.js';

/**
 * Project membership on every project route (docs/security.md "Project membership"). The routes come from the
 * server's own OpenAPI document, i.e. from every route it registered: a route whose path names a project or a record
 * of one (the parameters of PROJECT_RECORDS) is called by every persona below, and its expected status follows
 * from the route's permission and the persona's membership. A new route therefore joins the table by itself, and one
 * that skipped the check fails it; a route with a path parameter this file does not know fails until it is added.
 */
const PROJECT_RECORDS = ['projectId', 'assignmentId', 'annotationId', 'taskId', 'lotId', 'jobId', 'mediaId'] as const;
/** Parameters that name a record of the organisation, not of a project; allowed beside a project parameter. */
const ORGANISATION_RECORDS = ['userId', 'tokenId', 'teamId'];

interface Persona {
  name: string;
  role: Role;
  /** The role it is listed with in the project, or null when it is not a member. */
  listedAs: 'annotator' | 'reviewer' | 'client' | null;
  client: ApiClient;
}

/** One project and the ids of its records that the routes take. */
interface Fixture {
  projectId: number;
  ids: Record<string, number>;
  /** `/api/cleaning-jobs/:jobId` names a cleaning job, `/api/export-jobs/:jobId` an export, `/api/jobs/:jobId` an aggregation job. */
  cleaningJobId: number;
  exportJobId: number;
}

type Outcome = 'role_denied' | 'hidden' | 'project_role_denied' | 'through';

const PIPELINE = { textField: 'text', steps: [{ step: 'normalize' }] };

describe.each(DIALECTS)('project membership on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  const people: Record<string, Persona> = {};
  let routes: { method: string; url: string; permission: Permission }[] = [];

  const login = async (name: string, role: Role) => {
    await createUser(server.ctx, { email: `${name}@m.local`, password: `password-${name}`, role });
    return ApiClient.login(server.baseUrl, `${name}@m.local`, `password-${name}`);
  };

  /** A project with the given access, its members, answers, a live lease, an aggregation job, a lot and a cleaning job. */
  async function populate(access: 'members' | 'organisation', tag: string): Promise<Fixture> {
    const created = await manager.request('POST', '/api/projects', { name: `membership ${tag}`, labelConfig: SENTIMENT_CONFIG, overlap: 1 });
    expect(created.status).toBe(201);
    const projectId = created.body.project.id as number;
    expect((await manager.request('PUT', `/api/projects/${projectId}/access`, { access })).status).toBe(200);
    const byRole = (listedAs: string) => Object.values(people).filter((p) => p.listedAs === listedAs).map((p) => p.client.userId);
    for (const projectRole of ['annotator', 'reviewer', 'client'] as const) {
      const added = await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: byRole(projectRole), projectRole });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
    }
    expect((await uploadTasks(manager, projectId, 'tasks.jsonl', texts(8, `${tag}-`).join('\n'))).status).toBe(201);
    const annotator = people.memberAnnotator!.client;
    const answered = [];
    for (let i = 0; i < 4; i++) answered.push((await work(annotator, projectId, () => 'positive'))!);
    const lease = await annotator.request('POST', `/api/projects/${projectId}/next`);
    expect(lease.status).toBe(200);
    const aggregation = await manager.request('POST', `/api/projects/${projectId}/aggregate`, { method: 'mv' });
    expect(aggregation.status).toBe(202);
    expect((await waitForJob(manager, aggregation.body.job.id)).status).toBe('done');
    const lot = await manager.request('POST', `/api/projects/${projectId}/lots`, { aql: '6.5', seed: 7 });
    expect(lot.status).toBe(201);
    const lotDetail = await manager.request('GET', `/api/lots/${lot.body.lot.id}`);
    const cleaning = await uploadForCleaning(manager, projectId, 'more.jsonl', texts(2, `${tag}-clean-`).join('\n'), PIPELINE);
    expect(cleaning.status).toBe(202);
    expect((await waitForCleaning(manager, cleaning.body.job.id)).status).toBe('done');
    // An image export of this project, queued as startExportJob queues one (a text project cannot start one through
    // the API; its runner fails it, which leaves a job every reader may look at and nobody may download yet).
    const exportJobId = await server.ctx.db.write(async (trx) => {
      const now = Date.now();
      const job = await enqueueJob(trx, EXPORT_JOB_KIND, { projectId, actor: { userId: manager.userId, orgId: 1, role: 'manager' }, format: 'coco', includeImages: false }, now);
      await trx
        .insertInto('export_files')
        .values({ job_id: job.id, org_id: 1, project_id: projectId, format: 'coco', include_images: 0, people_view: 'pseudonymised', file_path: null, file_name: null, size: null, created_by: manager.userId, created_at: now, expires_at: null })
        .execute();
      return job.id;
    });
    return {
      projectId,
      cleaningJobId: cleaning.body.job.id as number,
      exportJobId,
      ids: {
        projectId,
        assignmentId: lease.body.assignment.id as number,
        annotationId: answered[0]!.annotationId,
        // A task of the lot's sample, so `/api/lots/:lotId/items/:taskId` names an item of the lot.
        taskId: lotDetail.body.sample[0].taskId as number,
        lotId: lot.body.lot.id as number,
        jobId: aggregation.body.job.id as number,
        // No such image (a text project): its membership is checked before the image is looked up (media-routes.ts).
        mediaId: 999_999,
        // A spare member: removing them or lifting their pause changes nothing the other calls rely on.
        userId: people.spare!.client.userId,
      },
    };
  }

  /** The path of a route with the fixture's ids in it; fails on a parameter this file does not know. */
  function pathOf(url: string, fixture: Fixture): string {
    return url.replace(/:(\w+)/g, (_, param: string) => {
      if (param === 'jobId' && url.startsWith('/api/cleaning-jobs/')) return String(fixture.cleaningJobId);
      if (param === 'jobId' && url.startsWith('/api/export-jobs/')) return String(fixture.exportJobId);
      const id = fixture.ids[param];
      if (id === undefined) throw new Error(`route ${url}: no id for :${param}; add it to PROJECT_RECORDS or ORGANISATION_RECORDS and to populate()`);
      return String(id);
    });
  }

  /** What the persona should meet on a route: the permission first (as the server checks it), then membership. */
  function expected(persona: Persona, route: { url: string; permission: Permission }, access: 'members' | 'organisation'): Outcome {
    const { permission } = route;
    if (!isAllowed(persona.role, permission)) return 'role_denied';
    if (persona.role === 'manager' || persona.role === 'admin') return 'through';
    const sees = persona.listedAs !== null || (access === 'organisation' && persona.role !== 'client');
    if (!sees) return 'hidden';
    const actsAs: Role = persona.listedAs === null ? persona.role : persona.listedAs === 'reviewer' && persona.role === 'reviewer' ? 'reviewer' : persona.listedAs === 'client' ? 'client' : 'annotator';
    if (!isAllowed(actsAs, permission)) return 'project_role_denied';
    // Inside a project an annotator sees only their own answers (quality-work/review.ts), as not found.
    if (route.url === '/api/annotations/:annotationId/history' && actsAs === 'annotator' && persona !== people.memberAnnotator) return 'hidden';
    return 'through';
  }

  function outcomeOf(res: { status: number; body: any }, url: string): Outcome {
    const code = res.body?.error?.code as string | undefined;
    if (res.status === 403 && code === 'forbidden') return 'role_denied';
    if (res.status === 403 && code === 'project_role_forbidden') return 'project_role_denied';
    // The first record parameter of the path decides the project, as on the server (`/api/lots/:lotId/items/:taskId`).
    const scope = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!).find((p) => (PROJECT_RECORDS as readonly string[]).includes(p))!;
    if (res.status === 404 && code === `${scope.replace(/Id$/, '')}_not_found`) return 'hidden';
    return 'through';
  }

  async function table(fixture: Fixture, access: 'members' | 'organisation', personas: Persona[]) {
    const rows: string[] = [];
    const wrong: string[] = [];
    for (const persona of personas) {
      for (const route of routes) {
        const path = pathOf(route.url, fixture);
        const res = await persona.client.request(route.method, path, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        const got = outcomeOf(res, route.url);
        const want = expected(persona, route, access);
        rows.push(`${route.method} ${route.url} ${persona.name}: ${res.status} ${got}`);
        if (got !== want) wrong.push(`${route.method} ${path} as ${persona.name}: want ${want}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    return { rows, wrong };
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await createUser(server.ctx, { email: 'manager@m.local', password: 'password-manager', role: 'manager' });
    manager = await ApiClient.login(server.baseUrl, 'manager@m.local', 'password-manager');
    const persona = async (name: string, role: Role, listedAs: Persona['listedAs']) => {
      people[name] = { name, role, listedAs, client: await login(name, role) };
    };
    await persona('memberAnnotator', 'annotator', 'annotator');
    await persona('outsideAnnotator', 'annotator', null);
    await persona('memberReviewer', 'reviewer', 'reviewer');
    await persona('reviewerListedAsAnnotator', 'reviewer', 'annotator');
    await persona('outsideReviewer', 'reviewer', null);
    await persona('memberClient', 'client', 'client');
    await persona('outsideClient', 'client', null);
    await persona('spare', 'annotator', 'annotator');
    people.manager = { name: 'manager', role: 'manager', listedAs: null, client: manager };

    const openapi = await manager.request('GET', '/api/openapi.json');
    for (const [path, ops] of Object.entries(openapi.body.paths as Record<string, Record<string, { 'x-permission': Permission }>>)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      const params = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (!params.some((p) => (PROJECT_RECORDS as readonly string[]).includes(p))) continue;
      const unknown = params.filter((p) => !(PROJECT_RECORDS as readonly string[]).includes(p) && !ORGANISATION_RECORDS.includes(p));
      expect(unknown, `route ${url} has path parameters this test does not know`).toEqual([]);
      for (const [method, op] of Object.entries(ops)) routes.push({ method: method.toUpperCase(), url, permission: op['x-permission'] });
    }
    // Reads first, then changes, deletions last, so a change (a skip, a removed member) cannot alter what a later read meets.
    const rank = (method: string) => (method === 'GET' ? 0 : method === 'DELETE' ? 2 : 1);
    routes = routes.sort((a, b) => rank(a.method) - rank(b.method));
  });
  afterAll(async () => {
    if (server) fs.rmSync(intakeSpoolRoot(server.db), { recursive: true, force: true });
    await server?.stop();
  });

  it('finds every project route of the server, each with a permission', () => {
    // The routes of the annotator loop, review, quality, lots, imports, exports, guidelines, stats and members.
    expect(routes.length).toBeGreaterThan(40);
    for (const url of ['/api/projects/:projectId/next', '/api/assignments/:assignmentId/submit', '/api/projects/:projectId/export', '/api/lots/:lotId', '/api/cleaning-jobs/:jobId']) {
      expect(routes.map((r) => r.url)).toContain(url);
    }
    expect(routes.filter((r) => !r.permission)).toEqual([]);
  });

  it('in a members-only project: members work with their role in it, outsiders meet 404, managers see all', async () => {
    const fixture = await populate('members', 'closed');
    const listed = async (who: ApiClient) => ((await who.request('GET', '/api/projects')).body.projects as { id: number }[]).map((p) => p.id);
    expect(await listed(people.memberAnnotator!.client)).toContain(fixture.projectId);
    expect(await listed(people.memberClient!.client)).toContain(fixture.projectId);
    expect(await listed(manager)).toContain(fixture.projectId);
    for (const outsider of ['outsideAnnotator', 'outsideReviewer', 'outsideClient']) expect(await listed(people[outsider]!.client)).not.toContain(fixture.projectId);

    // Outsiders first: nothing they send may change what the members' calls meet.
    const order = ['outsideAnnotator', 'outsideReviewer', 'outsideClient', 'memberClient', 'memberReviewer', 'reviewerListedAsAnnotator', 'memberAnnotator', 'manager'];
    const { rows, wrong } = await table(fixture, 'members', order.map((n) => people[n]!));
    expect(wrong).toEqual([]);
    // The table is not vacuous: every outcome occurs.
    for (const outcome of ['role_denied', 'hidden', 'project_role_denied', 'through']) expect(rows.some((r) => r.endsWith(` ${outcome}`)), outcome).toBe(true);
  });

  it('in a project open to the organisation: annotators and reviewers need no listing, clients still do', async () => {
    const fixture = await populate('organisation', 'open');
    const listed = async (who: ApiClient) => ((await who.request('GET', '/api/projects')).body.projects as { id: number }[]).map((p) => p.id);
    expect(await listed(people.outsideAnnotator!.client)).toContain(fixture.projectId);
    expect(await listed(people.outsideClient!.client)).not.toContain(fixture.projectId);
    const { wrong } = await table(fixture, 'organisation', ['outsideClient', 'outsideAnnotator', 'outsideReviewer'].map((n) => people[n]!));
    expect(wrong).toEqual([]);
  });

  it('takes a removed member out at their next request, lease or not', async () => {
    const created = await manager.request('POST', '/api/projects', { name: 'membership removal', labelConfig: SENTIMENT_CONFIG, overlap: 1 });
    const projectId = created.body.project.id as number;
    expect((await manager.request('PUT', `/api/projects/${projectId}/access`, { access: 'members' })).status).toBe(200);
    const worker = people.spare!.client;
    expect((await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [worker.userId] })).status).toBe(200);
    expect((await uploadTasks(manager, projectId, 'tasks.jsonl', texts(3, 'removal-').join('\n'))).status).toBe(201);
    const lease = await worker.request('POST', `/api/projects/${projectId}/next`);
    expect(lease.status).toBe(200);
    const removed = await manager.request('DELETE', `/api/projects/${projectId}/members/${worker.userId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((m: { userId: number }) => m.userId)).not.toContain(worker.userId);
    expect((await worker.request('POST', `/api/projects/${projectId}/next`)).status).toBe(404);
    const submit = await worker.request('POST', `/api/assignments/${lease.body.assignment.id}/submit`, { result: [], idempotencyKey: 'gone' });
    expect([submit.status, submit.body.error.code]).toEqual([404, 'assignment_not_found']);
    // Opening the project to the organisation lets them back in, with the same lease.
    expect((await manager.request('PUT', `/api/projects/${projectId}/access`, { access: 'organisation' })).status).toBe(200);
    expect((await worker.request('POST', `/api/assignments/${lease.body.assignment.id}/heartbeat`)).status).toBe(200);
  });

  it('refuses members of another role or organisation by entry, and adds nothing then', async () => {
    const created = await manager.request('POST', '/api/projects', { name: 'membership refusals', labelConfig: SENTIMENT_CONFIG, overlap: 1 });
    const projectId = created.body.project.id as number;
    const ok = people.memberAnnotator!.client.userId;
    const asReviewer = await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [ok, people.outsideAnnotator!.client.userId], projectRole: 'reviewer' });
    expect([asReviewer.status, asReviewer.body.error.code, asReviewer.body.error.details.field]).toEqual([400, 'invalid_project_role', 'members.0.projectRole']);
    const ghost = await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [ok, 999_999] });
    expect([ghost.status, ghost.body.error.code, ghost.body.error.details.field]).toEqual([400, 'unknown_member', 'members.1.userId']);
    const mgr = await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [manager.userId] });
    expect([mgr.status, mgr.body.error.code]).toEqual([400, 'member_sees_all']);
    expect((await manager.request('GET', `/api/projects/${projectId}/members`)).body).toEqual({ access: 'organisation', members: [] });
    const bad = await manager.request('PUT', `/api/projects/${projectId}/access`, { access: 'everyone' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_access']);
  });
});
