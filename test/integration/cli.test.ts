import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/run-cli.js';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

const XML = `<View>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text" choice="multiple">
    <Choice value="sport" hotkey="s"/><Choice value="tech"/>
  </Choices>
</View>`;

describe.each(DIALECTS)('biaozhu CLI on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  const cli = cliRunner(() => t.env, () => dir);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-cli-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sets up a project from Label Studio XML, imports and exports it', async () => {
    expect((await cli('migrate')).code).toBe(0);
    const noAdmin = await cli('project', 'create', '--name', 'x', '--config', 'nope.xml');
    expect(noAdmin.code).not.toBe(0);
    expect((await cli('user', 'add', '--email', 'boss@x.local', '--password', 'longpassword', '--role', 'admin')).code).toBe(0);
    const badRole = await cli('user', 'add', '--email', 'b@x.local', '--password', 'longpassword', '--role', 'boss');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('role must be one of');

    const token = await cli('token', 'create', '--email', 'boss@x.local');
    expect(token.stdout).toMatch(/^bz_[A-Za-z0-9_-]+\n$/);

    fs.writeFileSync(path.join(dir, 'config.xml'), XML);
    const created = await cli('project', 'create', '--name', 'Topics', '--config', 'config.xml', '--overlap', '2');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^\d+\n$/);
    const projectId = created.stdout.trim();
    const row = await t.db.kysely.selectFrom('projects').select(['label_config', 'overlap']).where('id', '=', Number(projectId)).executeTakeFirstOrThrow();
    expect(row.overlap).toBe(2);
    expect(JSON.parse(row.label_config).controls[0]).toMatchObject({ name: 'topic', toName: 'text', multiple: true });

    fs.writeFileSync(path.join(dir, 'tasks.jsonl'), '{"text":"match report"}\n{"text":"new phone"}\n');
    const imported = await cli('import', '--project', projectId, 'tasks.jsonl', '--source', 'newsroom', '--license', 'contract 42');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('2 tasks created');

    const vague = await cli('import', '--project', projectId, 'tasks.jsonl', '--personal-info', 'maybe');
    expect(vague.code).toBe(2);
    expect(vague.stderr).toContain('--personal-info: yes or no');
    const noBasis = await cli('import', '--project', projectId, 'tasks.jsonl', '--personal-info', 'yes');
    expect(noBasis.code).toBe(1);
    expect(noBasis.stderr).toContain('legalBasis');

    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"text":"fine"}\nnot json\n');
    const bad = await cli('import', '--project', projectId, 'bad.jsonl');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 2');

    for (const format of ['ls-json', 'jsonl', 'csv']) {
      const out = path.join(dir, `out.${format}`);
      const exported = await cli('export', '--project', projectId, '--format', format, '--out', out);
      expect(exported.code).toBe(0);
      expect(fs.readFileSync(out, 'utf8')).toContain('match report');
    }
    const tasks = JSON.parse(fs.readFileSync(path.join(dir, 'out.ls-json'), 'utf8'));
    expect(tasks).toHaveLength(2);
    expect((await cli('export', '--project', projectId, '--format', 'xml', '--out', 'x')).code).toBe(1);
    expect((await cli('export', '--project', 'abc', '--out', 'x')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('audit', 'verify')).stdout).toContain('audit chain intact');
    // about 13 CLI processes, each starting tsx: several seconds apiece on a loaded 2-core machine
  }, 240_000);

  it('re-imports without replacing answered tasks, lists what it refused, and takes --on-conflict', async () => {
    expect((await cli('migrate')).code).toBe(0);
    expect((await cli('user', 'add', '--email', 'reimport@x.local', '--password', 'longpassword', '--role', 'admin')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'config.xml'), XML);
    const projectId = (await cli('project', 'create', '--as', 'reimport@x.local', '--name', 'Re-import', '--config', 'config.xml')).stdout.trim();
    const answer = { from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: ['sport'] } };
    const first = [
      { id: 1, data: { text: 'match report' }, annotations: [{ result: [answer] }] },
      { id: 2, data: { text: 'new phone' } },
    ];
    fs.writeFileSync(path.join(dir, 'first.json'), JSON.stringify(first));
    expect((await cli('import', '--project', projectId, 'first.json', '--source', 'newsroom')).stdout).toContain('2 tasks created');

    const second = [
      { id: 1, data: { text: 'something else' } },
      { id: 2, data: { text: 'new phone, revised' } },
    ];
    fs.writeFileSync(path.join(dir, 'second.json'), JSON.stringify(second));
    const skipped = await cli('import', '--project', projectId, 'second.json', '--source', 'newsroom', '--on-conflict', 'skip');
    expect(skipped.stdout).toContain('2 existing left as they were');
    const again = await cli('import', '--project', projectId, 'second.json', '--source', 'newsroom', '--on-conflict', 'update');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('1 updated');
    expect(again.stdout).toContain('1 refused');
    expect(again.stderr).toMatch(/refused line \d+ \(external id 1,/);
    const texts = (await t.db.kysely.selectFrom('tasks').select(['external_id', 'data']).where('project_id', '=', Number(projectId)).orderBy('external_id').execute()).map(
      (r) => [r.external_id, (JSON.parse(r.data) as { text: string }).text],
    );
    // the answered task keeps the text its answer is about
    expect(texts).toEqual([
      ['1', 'match report'],
      ['2', 'new phone, revised'],
    ]);
    const wrong = await cli('import', '--project', projectId, 'second.json', '--source', 'newsroom', '--on-conflict', 'merge');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--on-conflict: one of skip, update, add');
  }, 120_000);
});
