import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.js';
import { cliRunner } from '../support/run-cli.js';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

describe.each(DIALECTS)('biaozhu org on %s', (dialect) => {
  let t: TestDb;
  const cli = cliRunner(() => t.env, () => REPO_ROOT);

  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  it('creates organisations, adds users into one, lists them and verifies each audit chain on its own', async () => {
    expect((await cli('user', 'add', '--email', 'owner@x.local', '--password', 'longpassword', '--role', 'admin')).code).toBe(0);
    const created = await cli('org', 'create', '--name', 'Shenyang base');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^\d+\n$/);
    const orgId = Number(created.stdout);
    expect((await cli('org', 'create', '--name', 'Shenyang base')).stderr).toContain('already exists');
    expect((await cli('org', 'create')).code).toBe(2);

    const added = await cli('user', 'add', '--email', 'boss@shenyang.local', '--password', 'longpassword', '--role', 'admin', '--org', String(orgId));
    expect(added.code).toBe(0);
    const user = await t.db.kysely.selectFrom('users').select('org_id').where('id', '=', Number(added.stdout)).executeTakeFirstOrThrow();
    expect(user.org_id).toBe(orgId);
    const nowhere = await cli('user', 'add', '--email', 'x@nowhere.local', '--password', 'longpassword', '--role', 'admin', '--org', '999999');
    expect([nowhere.code, nowhere.stderr]).toEqual([1, expect.stringContaining('organization 999999 does not exist')]);

    const list = await cli('org', 'list');
    expect(list.stdout.trim().split('\n')).toEqual(['id\tusers\tprojects\tname', expect.stringMatching(/^\d+\t1\t0\tDefault$/), `${orgId}\t1\t0\tShenyang base`]);

    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(0);
    // The new organisation's chain: its creation and its admin.
    expect(verified.stdout).toContain(`organisation ${orgId} (Shenyang base): audit chain intact: 2 events`);
    expect((await cli('audit', 'verify', '--org', String(orgId))).stdout.trim().split('\n')).toHaveLength(1);
  });
});
