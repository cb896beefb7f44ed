import fs from 'node:fs';
import { createUser, intakeSpoolRoot } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadForCleaning, waitForJob as waitForCleaning } from '../support/intake-helpers.js';
import { texts, waitForJob, work } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, ApiClient, SENTIMENT_CONFIG, startTestServer, uploadTasks, type TestServer } from '../support/test-server.js';

/** Everything one organisation has, and the ids another organisation will try. */
interface Org {
  id: number;
  tag: string;
  admin: ApiClient;
  manager: ApiClient;
  reviewer: ApiClient;
  annotator: ApiClient;
  client: ApiClient;
  projectId: number;
  taskId: number;
  annotationId: number;
  /** A live lease of the annotator. */
  assignmentId: number;
  teamId: number;
  jobId: number;
  lotId: number;
  lotTaskId: number;
  cleaningJobId: number;
  /** An API token of the annotator. */
  tokenId: number;
}

const PIPELINE = { textField: 'text', steps: [{ step: 'normalize' }] };
/** Tables whose rows no request of another organisation may change (sessions, tokens, logins and audit aside). */
const GUARDED = [
  'organizations',
  'users',
  'projects',
  'project_members',
  'guideline_versions',
  'sources',
  'imports',
  'tasks',
  'assignments',
  'annotations',
  'jobs',
  'teams',
  'team_members',
  'qualifications',
  'quality_policies',
  'worker_pauses',
  'reviews',
  'aggregates',
  'lots',
  'lot_items',
  'project_intake_settings',
  'intake_jobs',
  'cleaning_reports',
  'sessions',
  'api_tokens',
] as const;

describe.each(DIALECTS)('organisations on %s', (dialect) => {
  let server: TestServer;
  let a: Org;
  let b: Org;

  /** The admin creates the organisation's people through the API (in their own organisation), then its work. */
  async function populate(id: number, tag: string, admin: ApiClient): Promise<Org> {
    const person = async (role: string) => {
      const email = `${role}@${tag}.local`;
      const created = await admin.request('POST', '/api/users', { email, password: `password-${role}-${tag}`, role });
      expect(created.status).toBe(201);
      expect(created.body.user.org_id).toBe(id);
      return ApiClient.login(server.baseUrl, email, `password-${role}-${tag}`);
    };
    const manager = await person('manager');
    const reviewer = await person('reviewer');
    const annotator = await person('annotator');
    const client = await person('client');

    const created = await manager.request('POST', '/api/projects', { name: `project of ${tag}`, labelConfig: SENTIMENT_CONFIG, overlap: 1 });
    expect(created.status).toBe(201);
    const projectId = created.body.project.id as number;
    expect((await uploadTasks(manager, projectId, 'tasks.jsonl', texts(6, `${tag}-`).join('\n'))).status).toBe(201);
    const answered = [];
    for (let i = 0; i < 4; i++) answered.push((await work(annotator, projectId, () => 'positive'))!);
    const lease = await annotator.request('POST', `/api/projects/${projectId}/next`);
    expect(lease.status).toBe(200);

    const team = await manager.request('POST', '/api/teams', { name: `team ${tag}` });
    expect(team.status).toBe(201);
    expect((await manager.request('POST', `/api/teams/${team.body.team.id}/members`, { userId: annotator.userId })).status).toBe(200);
    expect((await manager.request('POST', `/api/projects/${projectId}/clients`, { userId: client.userId })).status).toBe(200);
    const aggregation = await manager.request('POST', `/api/projects/${projectId}/aggregate`, { method: 'mv' });
    expect(aggregation.status).toBe(202);
    expect((await waitForJob(manager, aggregation.body.job.id)).status).toBe('done');
    const lot = await manager.request('POST', `/api/projects/${projectId}/lots`, { aql: '6.5', seed: 7 });
    expect(lot.status).toBe(201);
    const lotDetail = await manager.request('GET', `/api/lots/${lot.body.lot.id}`);
    const cleaning = await uploadForCleaning(manager, projectId, 'more.jsonl', texts(3, `${tag}-clean-`).join('\n'), PIPELINE);
    expect(cleaning.status).toBe(202);
    expect((await waitForCleaning(manager, cleaning.body.job.id)).status).toBe('done');
    expect((await annotator.request('POST', '/api/tokens', { name: 'script' })).status).toBe(201);
    const tokens = await annotator.request('GET', '/api/tokens');
    return {
      tokenId: tokens.body.tokens[0].id as number,
      id,
      tag,
      admin,
      manager,
      reviewer,
      annotator,
      client,
      projectId,
      taskId: answered[0]!.taskId,
      annotationId: answered[0]!.annotationId,
      assignmentId: lease.body.assignment.id as number,
      teamId: team.body.team.id as number,
      jobId: aggregation.body.job.id as number,
      lotId: lot.body.lot.id as number,
      lotTaskId: lotDetail.body.sample[0].taskId as number,
      cleaningJobId: cleaning.body.job.id as number,
    };
  }

  async function snapshot(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of GUARDED) out[table] = await server.db.kysely.selectFrom(table).selectAll().execute();
    return out;
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    // The installation's first organisation and its admin, as `biaozhu user add` without --org makes them.
    const first = await createUser(server.ctx, { email: 'admin@a.local', password: 'password-admin-a', role: 'admin' });
    const adminA = await ApiClient.login(server.baseUrl, 'admin@a.local', 'password-admin-a');
    const org = await adminA.request('POST', '/api/organizations', { name: 'Beta vendor' });
    expect(org.status).toBe(201);
    const orgB = org.body.organization.id as number;
    expect(orgB).not.toBe(first.org_id);
    const adminBUser = await adminA.request('POST', '/api/users', { email: 'admin@b.local', password: 'password-admin-b', role: 'admin', orgId: orgB });
    expect(adminBUser.status).toBe(201);
    expect(adminBUser.body.user.org_id).toBe(orgB);
    const adminB = await ApiClient.login(server.baseUrl, 'admin@b.local', 'password-admin-b');
    a = await populate(first.org_id, 'a', adminA);
    b = await populate(orgB, 'b', adminB);
  });
  afterAll(async () => {
    if (server) fs.rmSync(intakeSpoolRoot(server.db), { recursive: true, force: true });
    await server?.stop();
  });

  it('lets only installation admins create and list organisations, and add users to another one', async () => {
    const list = await a.admin.request('GET', '/api/organizations');
    expect(list.status).toBe(200);
    expect(list.body.organizations).toEqual([
      expect.objectContaining({ id: a.id, users: 5, projects: 1 }),
      expect.objectContaining({ id: b.id, name: 'Beta vendor', users: 5, projects: 1 }),
    ]);
    expect((await a.admin.request('POST', '/api/organizations', { name: 'Beta vendor' })).body.error.code).toBe('organization_exists');
    expect((await a.admin.request('POST', '/api/organizations', { name: '  ' })).status).toBe(400);
    const ghost = await a.admin.request('POST', '/api/users', { email: 'x@ghost.local', password: 'password-x', role: 'admin', orgId: 999_999 });
    expect([ghost.status, ghost.body.error.code]).toEqual([404, 'organization_not_found']);

    for (const notOwner of [b.admin, a.manager, b.manager]) {
      expect((await notOwner.request('GET', '/api/organizations')).status).toBe(403);
      expect((await notOwner.request('POST', '/api/organizations', { name: `by ${notOwner.userId}` })).status).toBe(403);
    }
    const intoA = await b.admin.request('POST', '/api/users', { email: 'mole@b.local', password: 'password-mole', role: 'admin', orgId: a.id });
    expect([intoA.status, intoA.body.error.code]).toEqual([403, 'installation_admin_only']);
    expect(await server.db.kysely.selectFrom('users').select('id').where('email', '=', 'mole@b.local').executeTakeFirst()).toBeUndefined();
  });

  it('lists only the own organisation: projects, users, teams, and an audit chain of its own', async () => {
    for (const [mine, theirs] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const who of [mine.admin, mine.manager, mine.reviewer, mine.annotator, mine.client]) {
        expect((await who.request('GET', '/api/projects')).body.projects.map((p: any) => p.id)).toEqual([mine.projectId]);
      }
      const users = (await mine.admin.request('GET', '/api/users')).body.users as { email: string }[];
      expect(users.map((u) => u.email).sort()).toEqual(['admin', 'annotator', 'client', 'manager', 'reviewer'].map((r) => `${r}@${mine.tag}.local`));
      const teams = (await mine.manager.request('GET', '/api/teams')).body.teams as { id: number }[];
      expect(teams.map((t) => t.id)).toEqual([mine.teamId]);
      expect(teams.map((t) => t.id)).not.toContain(theirs.teamId);

      const chain = await mine.admin.request('GET', '/api/audit/verify');
      const own = await server.db.kysely.selectFrom('audit_events').select('id').where('org_id', '=', mine.id).execute();
      expect(chain.body).toMatchObject({ ok: true, events: own.length });
      const all = await server.db.kysely.selectFrom('audit_events').select('id').execute();
      expect(own.length).toBeLessThan(all.length);

      const exported = await mine.manager.request('GET', `/api/projects/${mine.projectId}/export?format=jsonl`);
      expect(exported.status).toBe(200);
      expect(JSON.stringify(exported.body)).not.toContain(`@${theirs.tag}.local`);
    }
  });

  it('answers 404 to every id of the other organisation and changes nothing there', async () => {
    const before = await snapshot();
    const refused: string[] = [];
    const expect404 = async (who: ApiClient, method: string, url: string, body?: unknown) => {
      const res = await who.request(method, url, body);
      if (res.status !== 404) refused.push(`${method} ${url} as user ${who.userId}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    for (const [mine, theirs] of [
      [b, a],
      [a, b],
    ] as const) {
      const p = `/api/projects/${theirs.projectId}`;
      for (const who of [mine.admin, mine.manager]) {
        for (const path of [
          '',
          '/stats',
          '/guideline/versions',
          '/export?format=jsonl',
          '/aggregates',
          '/imports',
          '/intake-settings',
          '/quality-policy',
          '/gold-accuracy',
          '/quality',
          '/review-queue',
          '/disagreements',
          '/lots',
          '/cleaning-jobs',
          '/assignment-policy',
          '/pauses',
        ]) {
          await expect404(who, 'GET', `${p}${path}`);
        }
        await expect404(who, 'PUT', `${p}/guideline`, { body: '# taken over' });
        await expect404(who, 'PUT', `${p}/assignment-policy`, { overlap: 3, policy: {} });
        await expect404(who, 'PUT', `${p}/intake-settings`, { keepOriginal: true });
        await expect404(who, 'PUT', `${p}/quality-policy`, { policy: { reviewSampleRate: 1 } });
        await expect404(who, 'POST', `${p}/lots`, { aql: '6.5' });
        await expect404(who, 'POST', `${p}/aggregate`, { method: 'mv' });
        await expect404(who, 'POST', `${p}/clients`, { userId: mine.client.userId });
        await expect404(who, 'POST', `${p}/workers/${theirs.annotator.userId}/unpause`, {});
        await expect404(who, 'GET', `/api/jobs/${theirs.jobId}`);
        await expect404(who, 'GET', `/api/lots/${theirs.lotId}`);
        await expect404(who, 'POST', `/api/lots/${theirs.lotId}/items/${theirs.lotTaskId}/inspect`, { verdict: 'pass' });
        await expect404(who, 'GET', `/api/cleaning-jobs/${theirs.cleaningJobId}`);
        await expect404(who, 'GET', `/api/cleaning-jobs/${theirs.cleaningJobId}/report`);
        await expect404(who, 'POST', `/api/cleaning-jobs/${theirs.cleaningJobId}/cancel`);
        await expect404(who, 'POST', `/api/annotations/${theirs.annotationId}/review`, { action: 'reject', reasonCode: 'wrong_label' });
        await expect404(who, 'GET', `/api/annotations/${theirs.annotationId}/history`);
        await expect404(who, 'POST', `/api/tasks/${theirs.taskId}/adjudicate`, { result: answer('negative') });
        await expect404(who, 'POST', `/api/teams/${theirs.teamId}/members`, { userId: mine.annotator.userId });
        await expect404(who, 'POST', `/api/teams/${mine.teamId}/members`, { userId: theirs.annotator.userId });
        await expect404(who, 'POST', `/api/users/${theirs.annotator.userId}/qualifications`, { name: 'medical-l2' });
        await expect404(who, 'POST', `/api/projects/${mine.projectId}/clients`, { userId: theirs.client.userId });
        const upload = await uploadTasks(who, theirs.projectId, 'more.jsonl', texts(2, 'intruder-').join('\n'));
        if (upload.status !== 404) refused.push(`import into ${theirs.projectId}: ${upload.status}`);
        const clean = await uploadForCleaning(who, theirs.projectId, 'more.jsonl', texts(2, 'intruder-').join('\n'), PIPELINE);
        if (clean.status !== 404) refused.push(`cleaning job into ${theirs.projectId}: ${clean.status}`);
      }
      for (const who of [mine.annotator, mine.reviewer, mine.manager]) {
        await expect404(who, 'POST', `${p}/next`);
        await expect404(who, 'POST', `/api/assignments/${theirs.assignmentId}/heartbeat`);
        await expect404(who, 'POST', `/api/assignments/${theirs.assignmentId}/skip`);
        await expect404(who, 'POST', `/api/assignments/${theirs.assignmentId}/submit`, { result: answer('negative'), idempotencyKey: `intruder-${who.userId}` });
        await expect404(who, 'GET', `${p}/my-quality`);
        await expect404(who, 'GET', `${p}/my-rejections`);
        await expect404(who, 'GET', `/api/annotations/${theirs.annotationId}/history`);
        await expect404(who, 'POST', `/api/annotations/${theirs.annotationId}/resubmit`, { result: answer('negative') });
      }
      const them = `/api/users/${theirs.annotator.userId}`;
      await expect404(mine.admin, 'POST', `${them}/disable`);
      await expect404(mine.admin, 'POST', `${them}/enable`);
      await expect404(mine.admin, 'POST', `${them}/password-reset`, { password: 'taken-over-password' });
      await expect404(mine.admin, 'DELETE', `${them}/sessions`);
      await expect404(mine.admin, 'GET', `${them}/tokens`);
      for (const who of [mine.admin, mine.annotator]) await expect404(who, 'DELETE', `/api/tokens/${theirs.tokenId}`);
      await expect404(mine.reviewer, 'GET', `${p}/review-queue`);
      await expect404(mine.reviewer, 'POST', `/api/annotations/${theirs.annotationId}/review`, { action: 'accept' });
      for (const path of ['', '/stats', '/export?format=jsonl', '/aggregates', '/quality', '/lots']) await expect404(mine.client, 'GET', `${p}${path}`);
      await expect404(mine.client, 'GET', `/api/lots/${theirs.lotId}`);
      await expect404(mine.client, 'POST', `/api/lots/${theirs.lotId}/items/${theirs.lotTaskId}/inspect`, { verdict: 'defect', reason: 'x' });
      for (const who of [mine.admin, mine.client]) await expect404(who, 'POST', `/api/lots/${theirs.lotId}/sign-off`, { decision: 'reject' });
    }
    expect(refused).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('never hands out the other organisation’s task, and refuses its teams in an eligibility rule', async () => {
    // Work B's project to the end: every task B's annotator got is one of B's.
    for (;;) {
      const next = await b.annotator.request('POST', `/api/projects/${b.projectId}/next`);
      if (next.status === 204) break;
      expect(next.status).toBe(200);
      const submitted = await b.annotator.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer('neutral'), idempotencyKey: `b-${next.body.assignment.id}` });
      expect(submitted.status).toBe(200);
    }
    const handedOut = await server.db.kysely
      .selectFrom('assignments as s')
      .innerJoin('tasks as t', 't.id', 's.task_id')
      .innerJoin('projects as p', 'p.id', 't.project_id')
      .select(['p.org_id'])
      .where('s.user_id', '=', b.annotator.userId)
      .execute();
    expect(handedOut.length).toBeGreaterThan(5);
    expect(new Set(handedOut.map((r) => r.org_id))).toEqual(new Set([b.id]));

    const policy = await b.manager.request('PUT', `/api/projects/${b.projectId}/assignment-policy`, { policy: { eligibility: { teams: [a.teamId] } } });
    expect([policy.status, policy.body.error?.code]).toEqual([400, 'invalid_policy']);
    expect(policy.body.error.message).toContain('policy.eligibility.teams');
    expect((await b.manager.request('PUT', `/api/projects/${b.projectId}/assignment-policy`, { policy: { eligibility: { teams: [b.teamId] } } })).status).toBe(200);
  });
});
