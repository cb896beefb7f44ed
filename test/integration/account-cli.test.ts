import { createUser } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.js';
import { cliRunner } from '../support/run-cli.js';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

/** The operator's account commands, run against the database of a live server whose users notice at once. */
describe.each(DIALECTS)('account commands of the CLI on %s', (dialect) => {
  let server: TestServer;
  const cli = cliRunner(() => server.env, () => REPO_ROOT);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await createUser(server.ctx, { email: 'root@t.local', password: 'password-root', role: 'admin' });
    await createUser(server.ctx, { email: 'boss@t.local', password: 'password-boss', role: 'manager' });
    await createUser(server.ctx, { email: 'eve@t.local', password: 'password-eve', role: 'annotator' });
  });
  afterAll(async () => server?.stop());

  it('disables and enables a user, resets a password, ends sessions, lists and revokes tokens', async () => {
    const eve = await ApiClient.login(server.baseUrl, 'eve@t.local', 'password-eve');
    const token = (await cli('token', 'create', '--email', 'eve@t.local', '--name', 'nightly')).stdout.trim();
    const bot = Object.assign(new ApiClient(server.baseUrl), { token });
    expect((await bot.request('GET', '/api/projects')).status).toBe(200);

    const disabled = await cli('user', 'disable', '--email', 'eve@t.local');
    expect(disabled).toMatchObject({ code: 0, stdout: 'disabled; 1 sessions ended\n' });
    expect((await eve.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await bot.request('GET', '/api/projects')).status).toBe(401);
    const listed = await cli('user', 'list');
    expect(listed.stdout).toContain('eve@t.local\tannotator\tdisabled\tno');
    expect((await cli('user', 'enable', '--email', 'eve@t.local')).code).toBe(0);
    expect((await bot.request('GET', '/api/projects')).status).toBe(200);

    const reset = await cli('user', 'password', '--email', 'eve@t.local');
    expect(reset.code).toBe(0);
    const generated = reset.stdout.trim();
    const again = await ApiClient.login(server.baseUrl, 'eve@t.local', generated);
    expect((await again.request('GET', '/api/auth/me')).body.user.mustChangePassword).toBe(true);

    expect((await cli('user', 'sessions', 'end', '--email', 'eve@t.local')).stdout).toBe('1 sessions ended\n');
    expect((await again.request('GET', '/api/auth/me')).status).toBe(401);

    const tokens = await cli('token', 'list', '--email', 'eve@t.local');
    const [header, row] = tokens.stdout.trim().split('\n');
    expect(header).toBe('id\tname\tcreated_at\tlast_used_at\trevoked_at');
    const [id, name, , lastUsed, revokedAt] = row!.split('\t');
    expect([name, revokedAt]).toEqual(['nightly', '-']);
    expect(lastUsed).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(tokens.stdout).not.toContain(token);

    expect((await cli('token', 'revoke', '--id', id!)).stdout).toBe(`revoked token ${id} (nightly)\n`);
    expect((await bot.request('GET', '/api/projects')).status).toBe(401);
    expect((await cli('token', 'list', '--email', 'eve@t.local')).stdout).not.toContain('\t-\n');
  });

  it('says what is wrong: unknown user, missing flag, a manager over an admin', async () => {
    const unknown = await cli('user', 'disable', '--email', 'nobody@t.local');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('user nobody@t.local does not exist');
    const missing = await cli('token', 'revoke');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--id needs a positive whole number');
    // Managers manage people but never admins (core access/people-rules.ts), the last one or any other.
    const overAdmin = await cli('user', 'disable', '--email', 'root@t.local', '--as', 'boss@t.local');
    expect(overAdmin.code).toBe(1);
    expect(overAdmin.stderr).toContain('only an admin may change the account of an admin (root@t.local)');
    expect((await cli('user', '--help')).stdout).toContain('biaozhu user sessions end --email E');
  });
});
