import { createOrganization, createUser } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

/** Accounts by phone number (docs/operations.md "People", docs/security.md "Login by phone number"): roster, single accounts, invitations, login. */
describe.each(DIALECTS)('accounts by phone number on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let otherOrgAdmin: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await createUser(server.ctx, { email: 'manager@t.local', password: 'password-manager', role: 'manager' });
    manager = await ApiClient.login(server.baseUrl, 'manager@t.local', 'password-manager');
    const other = await createOrganization(server.ctx, null, 'Other vendor');
    await createUser(server.ctx, { email: 'admin@other.local', password: 'password-other', role: 'admin', orgId: other.id });
    otherOrgAdmin = await ApiClient.login(server.baseUrl, 'admin@other.local', 'password-other');
  });
  afterAll(async () => server?.stop());

  const countUsers = async () => Number((await server.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const anon = () => new ApiClient(server.baseUrl);
  const loginAs = (login: string, password: string) => anon().request('POST', '/api/auth/login', { login, password });
  const sessionOf = (res: { headers: Headers; body: any }) =>
    Object.assign(new ApiClient(server.baseUrl), { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: res.body.csrfToken as string });

  it('refuses a roster with a row of neither email nor phone and repeated phones, naming row and column, and imports nothing', async () => {
    await manager.request('POST', '/api/people', { name: 'Known', phone: '139 0000 0009', role: 'annotator' });
    const users = await countUsers();
    const csv = [
      'name,email,phone,role',
      'Wang Fang,,138-0000-0001,annotator',
      'Nobody,,,annotator',
      'Wang again,,+86 138 0000 0001,annotator',
      'Known again,,13900000009,annotator',
      'Typo,,138 0000 001,annotator',
    ].join('\n');
    const refused = await manager.request('POST', '/api/people/roster', { csv, delivery: 'password' });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'roster_invalid']);
    expect(refused.body.error.message).toMatch(/^row 2, email: an email or a phone number is required/);
    expect(refused.body.error.details.errors.map((e: any) => [e.row, e.column, e.code])).toEqual([
      [2, 'email', 'required'],
      [3, 'phone', 'duplicate_in_file'],
      [4, 'phone', 'already_exists'],
      [5, 'phone', 'invalid_phone'],
    ]);
    expect(refused.body.error.details.errors[1].firstRow).toBe(1);
    expect(await countUsers()).toBe(users);
  });

  it('imports a phone-only worker from a roster; they log in by phone however it is written and must change the password', async () => {
    const csv = ['姓名,手机号,角色,用工类型', '王芳,138-0000-0001,标注员,学生', 'Li Lei,+1 415 555 2671,annotator,gig'].join('\n');
    const imported = await manager.request('POST', '/api/people/roster', { csv, delivery: 'password' });
    expect(imported.status).toBe(201);
    const [wang, li] = imported.body.created as { email: string | null; phone: string; initialPassword: string }[];
    expect([wang!.email, wang!.phone, li!.phone]).toEqual([null, '+8613800000001', '+14155552671']);
    const listed = (await manager.request('GET', `/api/people?search=${encodeURIComponent('138 0000 0001')}`)).body.people;
    expect(listed.map((p: any) => [p.name, p.email, p.phone, p.status])).toEqual([['王芳', null, '+8613800000001', 'must_change_password']]);

    for (const written of ['13800000001', '+86 138-0000-0001', '0086 138 0000 0001']) {
      const res = await loginAs(written, wang!.initialPassword);
      expect([written, res.status]).toEqual([written, 200]);
      expect(res.body.user).toMatchObject({ email: null, phone: '+8613800000001', mustChangePassword: true });
    }
    const session = sessionOf(await loginAs('138 0000 0001', wang!.initialPassword));
    expect((await session.request('GET', '/api/projects')).body.error.code).toBe('password_change_required');
    expect((await session.request('POST', '/api/auth/password', { currentPassword: wang!.initialPassword, newPassword: 'wang-own-password' })).status).toBe(200);
    expect((await session.request('GET', '/api/projects')).status).toBe(200);
    expect((await loginAs('13800000001', 'wang-own-password')).status).toBe(200);
    // The older field name still works, with a phone in it.
    expect((await anon().request('POST', '/api/auth/login', { email: '13800000001', password: 'wang-own-password' })).status).toBe(200);

    // A password reset of a phone-only account: the worker logs in by phone with it and must change it again.
    const id = listed[0].id as number;
    const reset = await manager.request('POST', `/api/users/${id}/password-reset`);
    const forced = await loginAs('13800000001', reset.body.password);
    expect(forced.body.user.mustChangePassword).toBe(true);
    expect((await sessionOf(forced).request('POST', '/api/auth/password', { currentPassword: reset.body.password, newPassword: 'wang-new-password' })).status).toBe(200);
    expect((await loginAs('13800000001', 'wang-new-password')).status).toBe(200);
  });

  it('creates one phone-only account, naming the field of a bad or taken number, and invites them by a link to pass on', async () => {
    const bad = await manager.request('POST', '/api/people', { name: 'Bad', phone: '12345', role: 'annotator' });
    expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([400, 'invalid_phone', 'phone']);
    expect(bad.body.error.message).toMatch(/^phone: "12345" is not a Chinese mobile number/);
    const neither = await manager.request('POST', '/api/people', { name: 'Nobody', email: '', role: 'annotator' });
    expect([neither.status, neither.body.error.code, neither.body.error.details.field]).toEqual([400, 'required', 'email']);
    const taken = await manager.request('POST', '/api/people', { name: 'Taken', phone: '+8613800000001', role: 'annotator' });
    expect([taken.status, taken.body.error.code, taken.body.error.details.field]).toEqual([409, 'phone_taken', 'phone']);

    const invited = await manager.request('POST', '/api/people', { name: 'Zhao', phone: '186 0000 0002', role: 'annotator', delivery: 'invite' });
    expect(invited.status).toBe(201);
    expect(invited.body.person).toMatchObject({ email: null, phone: '+8618600000002' });
    const token = invited.body.person.inviteToken as string;
    expect((await anon().request('POST', '/api/invites/lookup', { token })).body.invite).toMatchObject({ email: null, phone: '+8618600000002' });
    const accepted = await anon().request('POST', '/api/invites/accept', { token, name: '赵敏', password: 'zhao-password' });
    expect(accepted.body.user).toMatchObject({ name: '赵敏', phone: '+8618600000002' });
    expect((await loginAs('18600000002', 'zhao-password')).status).toBe(200);
  });

  it('answers an unknown phone and a wrong password alike, throttles by the number however written, and names a field that is neither', async () => {
    const unknown = await loginAs('13700000000', 'whatever-password');
    const wrong = await loginAs('13800000001', 'not-her-password');
    expect([unknown.status, unknown.body.error.code, unknown.body.error.message]).toEqual([401, 'invalid_credentials', wrong.body.error.message]);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const garbled = await loginAs('not a login', 'x');
    expect([garbled.status, garbled.body.error.code, garbled.body.error.details.field]).toEqual([400, 'invalid_login', 'login']);

    // Ten free attempts for the pair (number, address), whichever way the number is typed; then a wait.
    const forms = ['13800000001', '+86 138 0000 0001', '138-0000-0001'];
    for (let i = 0; i < 9; i++) expect((await loginAs(forms[i % 3]!, 'guess-password')).status).toBe(401);
    const waiting = await loginAs('0086 13800000001', 'wang-new-password');
    expect([waiting.status, waiting.body.error.code]).toEqual([429, 'too_many_login_attempts']);
    await server.db.kysely.deleteFrom('login_throttles').execute();
  });

  it('a phone held in two organisations: the password decides which account opens, and a password both accept is refused', async () => {
    // The same number may belong to a worker of another vendor on this installation.
    const there = await otherOrgAdmin.request('POST', '/api/people', { name: 'Wang (other)', phone: '13800000001', role: 'annotator', delivery: 'password' });
    expect(there.status).toBe(201);
    const mine = await loginAs('13800000001', 'wang-new-password');
    const theirs = await loginAs('13800000001', there.body.person.initialPassword);
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    expect(mine.body.user.id).not.toBe(theirs.body.user.id);
    expect((await sessionOf(theirs).request('POST', '/api/auth/password', { currentPassword: there.body.person.initialPassword, newPassword: 'wang-new-password' })).status).toBe(200);
    const ambiguous = await loginAs('13800000001', 'wang-new-password');
    expect([ambiguous.status, ambiguous.body.error.code]).toEqual([409, 'ambiguous_login']);
    expect((await loginAs('13800000001', 'nobody-password')).body.error.code).toBe('invalid_credentials');
    // Neither organisation's listing shows the other's account.
    expect((await manager.request('GET', '/api/people?search=13800000001')).body.people.map((p: any) => p.name)).toEqual(['王芳']);
  });
});
