import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { read, type CellObject } from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlRows, qualityProject, userWithRole, waitForJob, workAll } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';

/**
 * Clients see no worker identities in any export format or any view they can reach; every export, by API or CLI,
 * is in the audit log with who, which project, what, the format and the rows.
 */

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/biaozhu.js');

// What names a person in the fixture: our workers' emails and the Label Studio annotators' fields.
const IDENTITIES = ['a0@t.local', 'a1@t.local', 'manager@t.local', 'vendor.cn', '张', 'completed_by_email', 'updated_by', 'first_name'];

const LINES = [
  // A gold task whose known answer names its Label Studio author.
  JSON.stringify({ data: { text: 'g0' }, annotations: [{ ground_truth: true, completed_by: { id: 3, email: 'lead@vendor.cn' }, result: answer('negative') }] }),
  // Answers imported from Label Studio, by two annotators there.
  JSON.stringify({
    data: { text: 'imported' },
    annotations: [
      { id: 501, completed_by: { id: 7, email: 'ls7@vendor.cn', first_name: '张' }, updated_by: 7, lead_time: 2, result: answer('positive') },
      { id: 502, completed_by: 9, result: answer('negative') },
    ],
  }),
  JSON.stringify({ text: '-3.5' }),
  JSON.stringify({ text: '=HYPERLINK("http://evil.example","x")' }),
  JSON.stringify({ text: 'plain' }),
];

describe.each(DIALECTS)('exports for clients and export audit on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let client: ApiClient;
  let projectId: number;

  const download = async (who: ApiClient, url: string) => {
    const res = await who.request('GET', url);
    expect(res.status).toBe(200);
    return typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 2));
    // Overlap 2: both workers answer every task; gold first.
    projectId = await qualityProject(manager, LINES, 2, { goldRate: 1 });
    for (const w of workers) await workAll(w, projectId, () => 'positive');
    client = await userWithRole(server, 'client');
    expect((await manager.request('POST', `/api/projects/${projectId}/clients`, { userId: client.userId })).status).toBe(200);
    expect((await manager.request('PUT', `/api/projects/${projectId}/guideline`, { body: '# Rules' })).status).toBe(200);
    const job = await manager.request('POST', `/api/projects/${projectId}/aggregate`, { method: 'mv' });
    expect((await waitForJob(manager, job.body.job.id)).status).toBe('done');
    const plain = (await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('data', 'like', '%plain%').executeTakeFirstOrThrow()).id;
    expect((await manager.request('POST', `/api/tasks/${plain}/adjudicate`, { result: answer('neutral') })).status).toBe(200);
  }, 120_000);
  afterAll(async () => server?.stop());

  it('names workers by pseudonym in every format and drops every other identity', async () => {
    const files = {
      lsJson: await download(client, `/api/projects/${projectId}/export?format=ls-json`),
      jsonl: await download(client, `/api/projects/${projectId}/export?format=jsonl`),
      csv: await download(client, `/api/projects/${projectId}/export?format=csv`),
      aggregatesJsonl: await download(client, `/api/projects/${projectId}/aggregates?format=jsonl`),
      aggregatesCsv: await download(client, `/api/projects/${projectId}/aggregates?format=csv`),
    };
    for (const [name, text] of Object.entries(files)) {
      for (const identity of IDENTITIES) expect(text.includes(identity), `${name} contains ${identity}`).toBe(false);
    }

    const staff = JSON.parse(await download(manager, `/api/projects/${projectId}/export?format=ls-json`)) as any[];
    const seen = JSON.parse(files.lsJson) as any[];
    expect(seen.map((t) => t.id)).toEqual(staff.map((t) => t.id));
    // Answer id -> the worker's user id (staff's file) and pseudonym (the client's): one pseudonym per worker.
    const userOf = new Map<number, number>(staff.flatMap((t) => t.annotations.filter((a: any) => 'completed_by_email' in a).map((a: any) => [a.id, a.completed_by])));
    const pseudonymOf = new Map<number, string>();
    for (const t of seen) {
      for (const a of t.annotations.filter((x: any) => userOf.has(x.id))) {
        expect(a.completed_by).toMatch(/^worker-\d+$/);
        const user = userOf.get(a.id)!;
        expect(pseudonymOf.get(user) ?? a.completed_by).toBe(a.completed_by);
        pseudonymOf.set(user, a.completed_by);
      }
    }
    expect(new Set(pseudonymOf.values()).size).toBe(2);
    expect([...pseudonymOf.keys()].sort()).toEqual(workers.map((w) => w.userId).sort());

    // Imported answers keep no original identity field; their annotators are told apart by number.
    const imported = seen.find((t) => t.data.text === 'imported').annotations.filter((a: any) => a.id === 501 || a.id === 502);
    expect(imported.map((a: any) => a.completed_by)).toEqual(['imported-1', 'imported-2']);
    expect(Object.keys(imported[0]).sort()).toEqual(['completed_by', 'created_at', 'id', 'lead_time', 'result']);
    const goldAnswer = seen.find((t) => t.data.text === 'g0').annotations[0];
    expect(goldAnswer).toMatchObject({ ground_truth: true, completed_by: null });

    // The other formats use the same pseudonyms.
    const lines = jsonlRows(files.jsonl);
    expect(lines).toEqual(seen);
    const csv = read(files.csv, { type: 'string', raw: true }).Sheets.Sheet1!;
    const rows = Object.keys(csv).filter((k) => /^[A-Z]+\d+$/.test(k) && k.startsWith('D') && k !== 'D1');
    expect(rows.length).toBeGreaterThan(0);
    for (const cellRef of rows) {
      const annotationId = Number((csv[cellRef] as CellObject).v);
      const annotator = (csv[`E${cellRef.slice(1)}`] as CellObject | undefined)?.v;
      const user = userOf.get(annotationId);
      if (user !== undefined) expect(annotator).toBe(pseudonymOf.get(user));
    }
    const aggregates = jsonlRows(files.aggregatesJsonl);
    expect(aggregates.find((a) => a.method === 'adjudicated')).toMatchObject({ decided_by: null });
    const staffAggregates = jsonlRows(await download(manager, `/api/projects/${projectId}/aggregates?format=jsonl`));
    expect(staffAggregates.find((a) => a.method === 'adjudicated')).toMatchObject({ decided_by: manager.userId });

    // The views a client reads use the same pseudonyms and show no user id or email.
    const gold = (await client.request('GET', `/api/projects/${projectId}/gold-accuracy`)).body.workers as any[];
    expect(gold.map((w) => w.worker).sort()).toEqual([...pseudonymOf.values()].sort());
    expect(gold.every((w) => w.userId === null && w.email === null)).toBe(true);
    const staffGold = (await manager.request('GET', `/api/projects/${projectId}/gold-accuracy`)).body.workers as any[];
    for (const w of staffGold) expect(w.worker).toBe(pseudonymOf.get(w.userId));
    const versions = (await client.request('GET', `/api/projects/${projectId}/guideline/versions`)).body.versions as any[];
    expect(versions[0]).toMatchObject({ version: 1, createdBy: null });
  });

  it('shows a client who inspected a lot item only when it was them', async () => {
    const reviewer = await userWithRole(server, 'reviewer');
    const cut = await manager.request('POST', `/api/projects/${projectId}/lots`, { aql: '6.5', seed: 1 });
    expect(cut.status).toBe(201);
    const lotId = cut.body.lot.id as number;
    const sample = (await client.request('GET', `/api/lots/${lotId}`)).body.sample as any[];
    expect((await reviewer.request('POST', `/api/lots/${lotId}/items/${sample[0].taskId}/inspect`, { verdict: 'pass' })).status).toBe(200);
    expect((await client.request('POST', `/api/lots/${lotId}/items/${sample[1].taskId}/inspect`, { verdict: 'pass' })).status).toBe(200);
    const byTask = async (who: ApiClient) => new Map(((await who.request('GET', `/api/lots/${lotId}`)).body.sample as any[]).map((s) => [s.taskId, s.inspectedBy]));
    const seenByClient = await byTask(client);
    expect(seenByClient.get(sample[0].taskId)).toBeNull();
    expect(seenByClient.get(sample[1].taskId)).toBe(client.userId);
    expect((await byTask(manager)).get(sample[0].taskId)).toBe(reviewer.userId);
  });

  it('guards formulas and keeps numbers as numbers in the CSV a spreadsheet opens', async () => {
    const cells = Object.values(read(await download(client, `/api/projects/${projectId}/export?format=csv`), { type: 'string' }).Sheets.Sheet1!).filter(
      (c): c is CellObject => typeof c === 'object' && c !== null && 't' in c,
    );
    expect(cells.some((c) => c.f !== undefined)).toBe(false);
    expect(cells.some((c) => c.t === 'n' && c.v === -3.5)).toBe(true);
    expect(cells.some((c) => c.t === 's' && c.v === `'=HYPERLINK("http://evil.example","x")`)).toBe(true);
  });

  it('writes one audit event per export, by API and by CLI, with who, the project, the format and the rows', async () => {
    const events = async () =>
      (await server.db.kysely.selectFrom('audit_events').select(['actor_id', 'entity_type', 'entity_id', 'data']).where('action', '=', 'project.exported').orderBy('id').execute()).map((e) => ({
        ...e,
        data: JSON.parse(e.data),
      }));
    const before = (await events()).length;
    const lsJson = JSON.parse(await download(client, `/api/projects/${projectId}/export?format=ls-json`)) as any[];
    const csvText = await download(manager, `/api/projects/${projectId}/export?format=csv`);
    const aggregates = jsonlRows(await download(manager, `/api/projects/${projectId}/aggregates?format=jsonl`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-export-cli-'));
    try {
      const out = path.join(dir, 'out.jsonl');
      await run('node', [BIN, 'export', '--project', String(projectId), '--format', 'jsonl', '--out', out, '--as', 'manager@t.local'], { env: { ...process.env, ...server.env } });
      expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(lsJson.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const csvLines = csvText.trimEnd().split('\r\n').length - 1;
    const project = { entity_type: 'project', entity_id: String(projectId) };
    expect((await events()).slice(before)).toEqual([
      { ...project, actor_id: client.userId, data: { content: 'tasks', format: 'ls-json', rows: lsJson.length, workerIdentities: 'pseudonymised' } },
      { ...project, actor_id: manager.userId, data: { content: 'tasks', format: 'csv', rows: csvLines, workerIdentities: 'shown' } },
      { ...project, actor_id: manager.userId, data: { content: 'aggregates', format: 'jsonl', rows: aggregates.length, workerIdentities: 'shown' } },
      { ...project, actor_id: manager.userId, data: { content: 'tasks', format: 'jsonl', rows: lsJson.length, workerIdentities: 'shown' } },
    ]);
  }, 120_000);
});
