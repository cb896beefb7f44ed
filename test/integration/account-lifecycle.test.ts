import { createUser } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(DIALECTS)('account lifecycle over HTTP on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer(dialect);
    for (const [name, role] of [['admin', 'admin'], ['ann', 'annotator'], ['bob', 'annotator'], ['cat', 'reviewer'], ['dan', 'annotator']] as const) {
      ids[name] = (await createUser(server.ctx, { email: `${name}@t.local`, password: `password-${name}`, role })).id;
    }
    admin = await ApiClient.login(server.baseUrl, 'admin@t.local', 'password-admin');
  });
  afterAll(async () => server?.stop());

  const login = (email: string, password: string) => ApiClient.login(server.baseUrl, email, password);
  const rawLogin = async (email: string, password: string) => {
    const res = await new ApiClient(server.baseUrl).request('POST', '/api/auth/login', { email, password });
    return res;
  };
  const withToken = (token: string) => Object.assign(new ApiClient(server.baseUrl), { token });
  const auditActions = async () =>
    (await server.db.kysely.selectFrom('audit_events').select(['action', 'entity_type', 'entity_id', 'actor_id', 'data']).orderBy('id').execute()).map((e) => ({
      ...e,
      data: JSON.parse(e.data),
    }));

  it('disabling a user stops their session and API token at once; enabling lets them back', async () => {
    const ann = await login('ann@t.local', 'password-ann');
    const token = (await ann.request('POST', '/api/tokens', { name: 'script' })).body.token as string;
    const bot = withToken(token);
    expect((await bot.request('GET', '/api/projects')).status).toBe(200);

    const disabled = await admin.request('POST', `/api/users/${ids.ann}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.account).toMatchObject({ userId: ids.ann, disabled: true, sessionsEnded: 1 });

    expect((await ann.request('GET', '/api/auth/me')).status).toBe(401);
    const refused = await bot.request('GET', '/api/projects');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
    const relogin = await rawLogin('ann@t.local', 'password-ann');
    expect(relogin.status).toBe(403);
    expect(relogin.body.error.code).toBe('account_disabled');
    // Without the password nobody learns that the account is disabled.
    expect((await rawLogin('ann@t.local', 'not-her-password')).body.error.code).toBe('invalid_credentials');
    const listed = (await admin.request('GET', '/api/users')).body.users.find((u: any) => u.id === ids.ann);
    expect(listed).toMatchObject({ email: 'ann@t.local', disabled: true, mustChangePassword: false });

    expect((await admin.request('POST', `/api/users/${ids.ann}/enable`)).status).toBe(200);
    expect((await bot.request('GET', '/api/projects')).status).toBe(200);
    await login('ann@t.local', 'password-ann');
  });

  it('refuses to let an admin disable themselves, and non-admins may not disable anyone', async () => {
    const self = await admin.request('POST', `/api/users/${ids.admin}/disable`);
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('cannot_disable_self');
    const cat = await login('cat@t.local', 'password-cat');
    expect((await cat.request('POST', `/api/users/${ids.bob}/disable`)).status).toBe(403);
    expect((await admin.request('POST', '/api/users/999999/disable')).body.error.code).toBe('user_not_found');
  });

  it('changes your own password with the current one; your other sessions end, this one stays', async () => {
    const here = await login('bob@t.local', 'password-bob');
    const elsewhere = await login('bob@t.local', 'password-bob');
    const wrong = await here.request('POST', '/api/auth/password', { currentPassword: 'guess-guess', newPassword: 'bob-new-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'wrong_password', details: { field: 'currentPassword' } });
    const weak = await here.request('POST', '/api/auth/password', { currentPassword: 'password-bob', newPassword: 'short' });
    expect(weak.body.error).toMatchObject({ code: 'weak_password', details: { field: 'newPassword' } });

    const changed = await here.request('POST', '/api/auth/password', { currentPassword: 'password-bob', newPassword: 'bob-new-password' });
    expect(changed.status).toBe(200);
    expect(changed.body.sessionsEnded).toBe(1);
    expect((await here.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await elsewhere.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await rawLogin('bob@t.local', 'password-bob')).status).toBe(401);
    await login('bob@t.local', 'bob-new-password');
  });

  it('an admin resets a password: a generated one is shown once, sessions end, and a change is asked for', async () => {
    const cat = await login('cat@t.local', 'password-cat');
    const reset = await admin.request('POST', `/api/users/${ids.cat}/password-reset`, {});
    expect(reset.status).toBe(200);
    const generated = reset.body.password as string;
    expect(generated.length).toBeGreaterThanOrEqual(16);
    expect(reset.body.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await cat.request('GET', '/api/auth/me')).status).toBe(401);

    const fresh = await rawLogin('cat@t.local', generated);
    expect(fresh.status).toBe(200);
    expect(fresh.body.user.mustChangePassword).toBe(true);
    const cat2 = await login('cat@t.local', generated);
    expect((await cat2.request('GET', '/api/auth/me')).body.user.mustChangePassword).toBe(true);
    await cat2.request('POST', '/api/auth/password', { currentPassword: generated, newPassword: 'cat-own-password' });
    expect((await cat2.request('GET', '/api/auth/me')).body.user.mustChangePassword).toBe(false);

    const chosen = await admin.request('POST', `/api/users/${ids.cat}/password-reset`, { password: 'chosen-by-admin' });
    expect(chosen.body.password).toBeUndefined();
    await login('cat@t.local', 'chosen-by-admin');
    const audit = JSON.stringify(await auditActions());
    expect(audit).not.toContain(generated);
    expect(audit).not.toContain('chosen-by-admin');
  });

  it('ends every session of a user', async () => {
    const a = await login('dan@t.local', 'password-dan');
    const b = await login('dan@t.local', 'password-dan');
    const ended = await admin.request('DELETE', `/api/users/${ids.dan}/sessions`);
    expect(ended.body).toEqual({ userId: ids.dan, sessionsEnded: 2 });
    expect((await a.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await b.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('lists and revokes API tokens, keeping last_used_at to the minute', async () => {
    const dan = await login('dan@t.local', 'password-dan');
    const used = (await dan.request('POST', '/api/tokens', { name: 'used' })).body.token as string;
    await dan.request('POST', '/api/tokens', { name: 'idle' });
    const bot = withToken(used);
    await bot.request('GET', '/api/projects');
    const firstUse = server.clock.now;
    server.clock.advance(30_000);
    await bot.request('GET', '/api/projects');

    let mine = (await dan.request('GET', '/api/tokens')).body.tokens;
    expect(mine.map((t: any) => t.name)).toEqual(['idle', 'used']);
    const usedView = mine.find((t: any) => t.name === 'used');
    expect(usedView.lastUsedAt).toBe(new Date(firstUse).toISOString());
    expect(mine.find((t: any) => t.name === 'idle').lastUsedAt).toBeNull();
    expect(JSON.stringify(mine)).not.toContain(used);

    server.clock.advance(31_000);
    await bot.request('GET', '/api/projects');
    mine = (await dan.request('GET', '/api/tokens')).body.tokens;
    expect(mine.find((t: any) => t.name === 'used').lastUsedAt).toBe(new Date(server.clock.now).toISOString());

    // Another user cannot see or revoke it; an admin can see it.
    const bob = await login('bob@t.local', 'bob-new-password');
    expect((await bob.request('DELETE', `/api/tokens/${usedView.id}`)).status).toBe(404);
    expect((await admin.request('GET', `/api/users/${ids.dan}/tokens`)).body.tokens).toHaveLength(2);

    const revoked = await dan.request('DELETE', `/api/tokens/${usedView.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.token.revokedAt).toBe(new Date(server.clock.now).toISOString());
    expect((await bot.request('GET', '/api/projects')).status).toBe(401);
    const after = (await dan.request('GET', '/api/tokens')).body.tokens.find((t: any) => t.id === usedView.id);
    expect(after.lastUsedAt).toBe(new Date(server.clock.now).toISOString());
    expect(after.revokedAt).not.toBeNull();
  });

  it('writes logins, failed logins and token creation and revocation to the audit chain', async () => {
    const events = await auditActions();
    const of = (action: string) => events.filter((e) => e.action === action);
    expect(of('user.login').some((e) => e.entity_id === String(ids.ann) && e.actor_id === ids.ann && e.data.address === '127.0.0.1')).toBe(true);
    expect(of('user.login_failed').some((e) => e.entity_id === String(ids.ann) && e.actor_id === null && e.data.reason === 'disabled')).toBe(true);
    expect(of('user.login_failed').some((e) => e.entity_id === String(ids.bob) && e.data.reason === 'wrong_password')).toBe(true);
    expect(of('token.created').map((e) => e.data.name)).toEqual(['script', 'used', 'idle']);
    expect(of('token.revoked')).toHaveLength(1);
    for (const action of ['user.disabled', 'user.enabled', 'user.password_changed', 'user.password_reset', 'user.sessions_ended']) {
      expect(of(action).length, action).toBeGreaterThan(0);
    }
    expect((await admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
  });
});
