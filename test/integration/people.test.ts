import { createTeam, createUser } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

const HEADER = 'name,email,phone,role,team,worker_kind';

/** A roster of `n` annotators; every third is in Class 3, kinds rotate. */
function roster(n: number, tag: string): string {
  const kinds = ['student', 'intern', 'gig', 'part_time'];
  const lines = [HEADER];
  for (let i = 1; i <= n; i++) {
    lines.push(`Worker ${tag} ${i},${tag}${i}@school.cn,1390000${String(i).padStart(4, '0')},annotator,${i % 3 === 0 ? 'Class 3' : ''},${kinds[i % 4]}`);
  }
  return lines.join('\n') + '\n';
}

describe.each(DIALECTS)('people management over HTTP on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let manager: ApiClient;
  let teamId: number;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const a = await createUser(server.ctx, { email: 'admin@t.local', password: 'password-admin', role: 'admin' });
    await createUser(server.ctx, { email: 'manager@t.local', password: 'password-manager', role: 'manager' });
    teamId = (await createTeam(server.ctx, { userId: a.id, orgId: a.org_id, role: 'admin', email: a.email }, 'Class 3')).id;
    admin = await ApiClient.login(server.baseUrl, 'admin@t.local', 'password-admin');
    manager = await ApiClient.login(server.baseUrl, 'manager@t.local', 'password-manager');
  });
  afterAll(async () => server?.stop());

  const countUsers = async () => Number((await server.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const countAudit = async () => Number((await server.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const login = (email: string, password: string) => ApiClient.login(server.baseUrl, email, password);

  it('a manager imports a roster of 100 annotators in one go; each logs in with the initial password and must change it first', async () => {
    const preview = await manager.request('POST', '/api/people/roster/preview', { csv: roster(100, 'r') });
    expect(preview.status).toBe(200);
    expect(preview.body.preview.errors).toEqual([]);
    expect(preview.body.preview.rows).toHaveLength(100);
    const before = await countUsers();
    expect(before).toBe(2);

    const imported = await manager.request('POST', '/api/people/roster', { csv: roster(100, 'r'), delivery: 'password' });
    expect(imported.status).toBe(201);
    const created = imported.body.created as { row: number; email: string; initialPassword: string }[];
    expect(created).toHaveLength(100);
    expect(new Set(created.map((c) => c.initialPassword)).size).toBe(100);
    expect(await countUsers()).toBe(102);

    const page = await manager.request('GET', '/api/people?limit=200&role=annotator');
    expect(page.body.total).toBe(100);
    const r3 = page.body.people.find((p: any) => p.email === 'r3@school.cn');
    expect(r3).toMatchObject({ name: 'Worker r 3', phone: '+8613900000003', workerKind: 'part_time', teams: ['Class 3'], status: 'must_change_password', lastLoginAt: null });
    const team = await manager.request('GET', `/api/people?teamId=${teamId}&limit=200`);
    expect(team.body.total).toBe(33);
    const searched = await manager.request('GET', '/api/people?search=WORKER%20R%2010');
    expect(searched.body.people.map((p: any) => p.email)).toEqual(['r10@school.cn', 'r100@school.cn']);
    const actions = await server.db.kysely.selectFrom('audit_events').select(['action', 'data']).where('action', 'in', ['user.created', 'people.roster_imported', 'team.members_added']).where('actor_id', '=', manager.userId).execute();
    expect(actions.filter((a) => a.action === 'user.created')).toHaveLength(100);
    const teamEvents = actions.filter((a) => a.action === 'team.members_added');
    expect(teamEvents.map((e) => JSON.parse(e.data).userIds.length)).toEqual([33]);
    expect(actions.filter((a) => a.action === 'people.roster_imported')).toHaveLength(1);

    // The forced change: nothing else works for this session until the password is changed.
    const first = created[6]!;
    const worker = await login(first.email, first.initialPassword);
    expect((await worker.request('GET', '/api/auth/me')).body.user.mustChangePassword).toBe(true);
    const refused = await worker.request('GET', '/api/projects');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'password_change_required']);
    expect((await worker.request('POST', '/api/tokens', { name: 'x' })).body.error.code).toBe('password_change_required');
    const changed = await worker.request('POST', '/api/auth/password', { currentPassword: first.initialPassword, newPassword: 'my-own-password' });
    expect(changed.status).toBe(200);
    expect((await worker.request('GET', '/api/projects')).status).toBe(200);
    expect((await worker.request('GET', '/api/auth/me')).body.user.mustChangePassword).toBe(false);
    const listed = (await manager.request('GET', `/api/people?search=${encodeURIComponent(first.email)}`)).body.people[0];
    expect(listed.status).toBe('active');
    expect(listed.lastLoginAt).not.toBeNull();
  });

  it('refuses a roster with a duplicate email, a known email or an unknown team, naming the rows, and writes nothing', async () => {
    const csv = [
      HEADER,
      'Ann,ann@school.cn,,annotator,,student',
      'Bob,bob@school.cn,,annotator,Class 3,student',
      'Ann again,ANN@school.cn,,annotator,,student',
      'Cat,cat@school.cn,,annotator,Class 9,intern',
      'Old,r1@school.cn,,annotator,,',
      'Boss,boss@school.cn,,admin,,',
    ].join('\n');
    const users = await countUsers();
    const audit = await countAudit();
    const refused = await manager.request('POST', '/api/people/roster', { csv, delivery: 'password' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('roster_invalid');
    expect(refused.body.error.message).toMatch(/^row 3, email: ann@school.cn is also on row 1/);
    expect(refused.body.error.details.errors.map((e: any) => [e.row, e.column, e.code])).toEqual([
      [3, 'email', 'duplicate_in_file'],
      [4, 'team', 'unknown_team'],
      [5, 'email', 'already_exists'],
      [6, 'role', 'role_not_allowed'],
    ]);
    expect(await countUsers()).toBe(users);
    expect(await countAudit()).toBe(audit);
    expect((await manager.request('GET', '/api/people?search=bob@school.cn')).body.total).toBe(0);
    // The same file from an admin: admins may create admins, the other faults stay.
    const byAdmin = await admin.request('POST', '/api/people/roster/preview', { csv });
    expect(byAdmin.body.preview.errors.map((e: any) => e.row)).toEqual([3, 4, 5]);
  });

  it('invites by a single-use link: the invitee chooses name and password and is logged in', async () => {
    const invited = await manager.request('POST', '/api/people', { name: 'Dora', email: 'dora@school.cn', role: 'reviewer', workerKind: 'employee', delivery: 'invite' });
    expect(invited.status).toBe(201);
    const token = invited.body.person.inviteToken as string;
    expect(invited.body.person.initialPassword).toBeUndefined();
    expect((await manager.request('GET', '/api/people?status=invited')).body.people.map((p: any) => p.email)).toEqual(['dora@school.cn']);
    const stored = await server.db.kysely.selectFrom('user_invites').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    const anon = new ApiClient(server.baseUrl);
    expect((await anon.request('POST', '/api/invites/lookup', { token })).body.invite).toMatchObject({ email: 'dora@school.cn' });
    const weak = await anon.request('POST', '/api/invites/accept', { token, name: 'Dora Wang', password: 'short' });
    expect(weak.body.error).toMatchObject({ code: 'weak_password', details: { field: 'password' } });
    const accepted = await anon.request('POST', '/api/invites/accept', { token, name: 'Dora Wang', password: 'dora-password' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ name: 'Dora Wang', role: 'reviewer', mustChangePassword: false });
    const cookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0]!;
    const session = Object.assign(new ApiClient(server.baseUrl), { cookie, csrf: accepted.body.csrfToken });
    expect((await session.request('GET', '/api/projects')).status).toBe(200);
    const again = await anon.request('POST', '/api/invites/accept', { token, name: 'Mallory', password: 'mallory-password' });
    expect([again.status, again.body.error.code]).toEqual([410, 'invite_used']);
    await login('dora@school.cn', 'dora-password');

    const late = await admin.request('POST', '/api/people', { name: 'Eve', email: 'eve@school.cn', role: 'annotator', delivery: 'invite' });
    await server.db.kysely.updateTable('user_invites').set({ expires_at: 1 }).where('user_id', '=', late.body.person.id).execute();
    const expired = await anon.request('POST', '/api/invites/accept', { token: late.body.person.inviteToken, name: 'Eve', password: 'eve-password' });
    expect([expired.status, expired.body.error.code]).toEqual([410, 'invite_expired']);
    expect((await anon.request('POST', '/api/invites/lookup', { token: 'x'.repeat(43) })).body.error.code).toBe('invite_not_found');
  });

  it('a roster imported with invitations gives each row its own single-use link and no password', async () => {
    const csv = [HEADER, 'Fei,fei@school.cn,,annotator,Class 3,gig', 'Gao,gao@school.cn,,annotator,,gig'].join('\n');
    const imported = await admin.request('POST', '/api/people/roster', { csv, delivery: 'invite' });
    expect(imported.status).toBe(201);
    const created = imported.body.created as { email: string; inviteToken?: string; initialPassword?: string }[];
    expect(created.map((c) => [c.email, typeof c.inviteToken, c.initialPassword])).toEqual([['fei@school.cn', 'string', undefined], ['gao@school.cn', 'string', undefined]]);
    expect(created[0]!.inviteToken).not.toBe(created[1]!.inviteToken);
    const invited = (await admin.request('GET', '/api/people?status=invited&workerKind=gig')).body.people;
    expect(invited.map((p: any) => [p.email, p.teams])).toEqual([['fei@school.cn', ['Class 3']], ['gao@school.cn', []]]);
    // No password opens an invited account before the invitation is accepted.
    expect((await new ApiClient(server.baseUrl).request('POST', '/api/auth/login', { email: 'fei@school.cn', password: 'none$' })).status).toBe(401);
  });

  it('creating one account names the faulty field; managers may not make or touch admins; the last admin keeps the role', async () => {
    const taken = await manager.request('POST', '/api/people', { name: 'X', email: 'r2@school.cn', role: 'annotator' });
    expect([taken.status, taken.body.error.code, taken.body.error.details.field]).toEqual([409, 'email_taken', 'email']);
    const team = await manager.request('POST', '/api/people', { name: 'X', email: 'x@school.cn', role: 'annotator', team: 'Nope' });
    expect([team.status, team.body.error.code, team.body.error.details.field]).toEqual([400, 'unknown_team', 'team']);
    const kind = await manager.request('POST', '/api/people', { name: 'X', email: 'x@school.cn', role: 'annotator', workerKind: 'robot' });
    expect(kind.body.error.details.field).toBe('workerKind');
    // A search for `_` finds the one address with an underscore: it is not a wildcard.
    expect((await manager.request('POST', '/api/people', { name: 'Snake', email: 'snake_case@school.cn', role: 'annotator', phone: '+86 139-1234-5678' })).status).toBe(201);
    expect((await manager.request('GET', '/api/people?search=_')).body.people.map((p: any) => p.email)).toEqual(['snake_case@school.cn']);
    expect((await manager.request('GET', '/api/people?search=%2B8613912345678')).body.people.map((p: any) => p.phone)).toEqual(['+8613912345678']);
    const asAdmin = await manager.request('POST', '/api/people', { name: 'X', email: 'x@school.cn', role: 'admin' });
    expect([asAdmin.status, asAdmin.body.error.code]).toEqual([400, 'role_not_allowed']);

    const adminId = admin.userId;
    const r5 = (await manager.request('GET', '/api/people?search=r5@school.cn')).body.people[0].id as number;
    expect((await manager.request('POST', `/api/users/${r5}/role`, { role: 'admin' })).body.error.code).toBe('admin_only');
    expect((await manager.request('POST', `/api/users/${adminId}/role`, { role: 'annotator' })).body.error.code).toBe('admin_only');
    expect((await manager.request('POST', `/api/users/${adminId}/disable`)).body.error.code).toBe('admin_only');
    expect((await manager.request('POST', `/api/users/${adminId}/password-reset`)).body.error.code).toBe('admin_only');
    const promoted = await manager.request('POST', `/api/users/${r5}/role`, { role: 'reviewer' });
    expect(promoted.body.account).toMatchObject({ role: 'reviewer', previous: 'annotator' });
    const last = await admin.request('POST', `/api/users/${adminId}/role`, { role: 'manager' });
    expect([last.status, last.body.error.code]).toEqual([409, 'last_admin']);
    const badRole = await admin.request('POST', `/api/users/${r5}/role`, { role: 'boss' });
    expect(badRole.body.error).toMatchObject({ code: 'invalid_role', details: { field: 'role' } });

    // A manager resets a worker's password; the worker is forced to change it.
    const reset = await manager.request('POST', `/api/users/${r5}/password-reset`);
    expect(reset.status).toBe(200);
    const worker = await login('r5@school.cn', reset.body.password);
    expect((await worker.request('GET', '/api/projects')).body.error.code).toBe('password_change_required');
    expect((await worker.request('POST', '/api/auth/password', { currentPassword: reset.body.password, newPassword: 'r5-own-password' })).status).toBe(200);
    expect((await worker.request('GET', '/api/projects')).status).toBe(200);

    expect((await manager.request('POST', `/api/users/${r5}/disable`)).status).toBe(200);
    expect((await manager.request('GET', '/api/people?status=disabled')).body.people.map((p: any) => p.id)).toEqual([r5]);
    expect((await worker.request('GET', '/api/projects')).status).toBe(401);
    expect((await manager.request('POST', `/api/users/${r5}/enable`)).status).toBe(200);
    const back = await login('r5@school.cn', 'r5-own-password');
    expect((await back.request('GET', '/api/people')).status).toBe(403);
  });
});
