import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PROJECTS, setUpDemo } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

/** Lines of a demo data file, as the seeder reads it. */
const demoLines = (file: string) =>
  fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../packages/core/src/demo', file), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe.each(DIALECTS)('the demo projects on %s', (dialect) => {
  let server: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-demo-projects-'));
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function counts() {
    const rows = await server.db.kysely
      .selectFrom('projects as p')
      .leftJoin('tasks as t', 't.project_id', 'p.id')
      .select(['p.id', 'p.name', (eb) => eb.fn.count<number>('t.id').as('tasks')])
      .groupBy(['p.id', 'p.name'])
      .execute();
    // in DEMO_PROJECTS order, then any other project by name
    const rank = (name: string) => (DEMO_PROJECTS.some((p) => p.name === name) ? DEMO_PROJECTS.findIndex((p) => p.name === name) : DEMO_PROJECTS.length);
    return rows.map((r) => ({ name: r.name, tasks: Number(r.tasks) })).sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  }

  it('creates the sentiment, NER and preference projects once, with their tasks and predictions, and every demo annotator can work on each', async () => {
    const first = await setUpDemo(server.ctx, dataDir);
    expect(first.created).toBe(true);
    expect(first.projectIds).toHaveLength(3);
    const files = DEMO_PROJECTS.map((p) => demoLines(p.file));
    expect(files.map((f) => f.length)).toEqual([240, 50, 30]);
    expect(await counts()).toEqual(DEMO_PROJECTS.map((p, i) => ({ name: p.name, tasks: files[i]!.length })));
    // project lists show the newest first: the sentiment project, the simplest, is created last so it heads them
    expect(Math.max(...first.projectIds)).toBe(first.projectIds[0]);

    // the NER sentences that carry a model's suggestion keep it as a prediction
    const predicted = files[1]!.filter((r) => Array.isArray(r.predictions)).length;
    expect(predicted).toBeGreaterThan(5);
    const predictions = await server.db.kysely
      .selectFrom('predictions as pr')
      .innerJoin('tasks as t', 't.id', 'pr.task_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('t.project_id', '=', first.projectIds[1]!)
      .executeTakeFirstOrThrow();
    expect(Number(predictions.n)).toBe(predicted);

    for (const login of first.logins!.filter((l) => l.role === 'annotator')) {
      const client = await ApiClient.login(server.baseUrl, login.email, login.password);
      for (const id of first.projectIds) {
        const next = await client.request('POST', `/api/projects/${id}/next`);
        expect(next.status, `${login.email} on project ${id}`).toBe(200);
      }
    }

    const again = await setUpDemo(server.ctx, dataDir);
    expect(again).toMatchObject({ created: false, projectIds: first.projectIds, logins: first.logins });
    expect((await counts()).map((c) => c.tasks)).toEqual([240, 50, 30]);
  });

  it('adds the projects a demo of an older version lacks, keeping its people and their passwords', async () => {
    const before = await setUpDemo(server.ctx, dataDir);
    // an older demo had only the sentiment project: take the preference project out of the demo's names
    await server.db.kysely.updateTable('projects').set({ name: 'renamed by a user' }).where('id', '=', before.projectIds[2]!).execute();
    const upgraded = await setUpDemo(server.ctx, dataDir);
    expect(upgraded.created).toBe(true);
    expect(upgraded.projectIds.slice(0, 2)).toEqual(before.projectIds.slice(0, 2));
    expect(upgraded.projectIds[2]).not.toBe(before.projectIds[2]);
    expect(upgraded.logins).toEqual(before.logins);
    const users = await server.db.kysely.selectFrom('users').select('email').where('email', 'like', '%@demo.local').execute();
    expect(users).toHaveLength(4);
    expect((await setUpDemo(server.ctx, dataDir)).created).toBe(false);
    expect((await counts()).filter((c) => c.name === DEMO_PROJECTS[2]!.name)).toEqual([{ name: DEMO_PROJECTS[2]!.name, tasks: 30 }]);
  });
});
