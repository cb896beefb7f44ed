import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestMlBackend } from '../support/ml-backend.js';
import { cliRunner } from '../support/run-cli.js';
import { DIALECTS, openTestDb, type TestDb } from '../support/test-db.js';

const XML = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/></Labels>
  <Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices>
</View>`;

describe.each(DIALECTS)('biaozhu predict on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  let backend: TestMlBackend;
  const cli = cliRunner(() => t.env, () => dir);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-predict-'));
    backend = await new TestMlBackend().start();
  });
  afterAll(async () => {
    await backend?.stop();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the job to the end with a progress bar, and resumes one that failed after its last stored batch', async () => {
    expect((await cli('user', 'add', '--email', 'boss@x.local', '--password', 'longpassword', '--role', 'admin')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'config.xml'), XML);
    const projectId = (await cli('project', 'create', '--name', 'NER', '--config', 'config.xml')).stdout.trim();
    fs.writeFileSync(path.join(dir, 'tasks.jsonl'), ['张三很好', '李四很差', '天气', '张三', '服务差'].map((text) => JSON.stringify({ text })).join('\n'));
    expect((await cli('import', '--project', projectId, 'tasks.jsonl', '--source', 's', '--license', 'l')).code).toBe(0);

    expect((await cli('predict', '--project', projectId)).stderr).toContain('no ML backend');
    backend.failAfterTasks = 2;
    backend.failMode = 'wrong-count';
    const failed = await cli('predict', '--project', projectId, '--backend', backend.url, '--batch', '2', '--timeout', '5');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/failed: batch 2 .*answered 1 results for 2 tasks/);
    expect(failed.stderr).toContain('run the same command again to resume');

    backend.failAfterTasks = undefined;
    const done = await cli('predict', '--project', projectId);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('resuming job');
    expect(done.stderr).toContain('[##############################] 5/5 tasks, 5 predictions');
    expect(done.stdout).toMatch(/5 tasks sent, 5 predictions stored \(model version keyword-v1\) in 3 batches/);
    const rows = await t.db.kysely.selectFrom('predictions').select('task_id').where('from_backend', '=', 1).execute();
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.task_id)).size).toBe(5);
  });
});
