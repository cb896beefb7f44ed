import fs from 'node:fs';
import { intakeSpoolRoot } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, SENTIMENT_CONFIG, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';
import { COMPLETE_SOURCE, uploadForCleaning } from '../support/intake-helpers.js';

describe.each(DIALECTS)('provenance requirements on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
  });
  afterAll(async () => {
    if (server) fs.rmSync(intakeSpoolRoot(server.db), { recursive: true, force: true });
    await server?.stop();
  });

  const newProject = async () =>
    (await manager.request('POST', '/api/projects', { name: 'prov', labelConfig: SENTIMENT_CONFIG, overlap: 1 })).body.project.id as number;

  it('accepts any named source by default and refuses incomplete records once the project requires complete ones', async () => {
    const id = await newProject();
    const before = await manager.request('GET', `/api/projects/${id}/intake-settings`);
    expect(before.body.settings).toEqual({ requireCompleteSource: false, keepOriginal: false, originalKey: 'originalText', redactPii: null });
    expect((await uploadTasks(manager, id, 'a.jsonl', '{"text":"a"}\n', { sourceLicense: '' })).status).toBe(201);

    const put = await manager.request('PUT', `/api/projects/${id}/intake-settings`, { requireCompleteSource: true });
    expect(put.status).toBe(200);
    expect(put.body.settings.requireCompleteSource).toBe(true);

    const noLicence = await uploadTasks(manager, id, 'b.jsonl', '{"text":"b"}\n', { sourceLicense: '' });
    expect(noLicence.status).toBe(400);
    expect(noLicence.body.error.code).toBe('incomplete_source');
    expect(noLicence.body.error.details.field).toBe('source.license');
    expect(noLicence.body.error.message).toContain('source.license');

    const noMethod = await uploadTasks(manager, id, 'b.jsonl', '{"text":"b"}\n', { collectionMethod: ' ' });
    expect(noMethod.status).toBe(400);
    expect(noMethod.body.error.details.field).toBe('source.collectionMethod');

    const noBasis = await uploadTasks(manager, id, 'b.jsonl', '{"text":"b"}\n', { containsPersonalInfo: 'true' });
    expect(noBasis.status).toBe(400);
    expect(noBasis.body.error.message).toContain('source.legalBasis');

    const complete = await uploadTasks(manager, id, 'b.jsonl', '{"text":"b"}\n', { ...COMPLETE_SOURCE });
    expect(complete.status).toBe(201);
    const tasks = await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', id).execute();
    expect(tasks).toHaveLength(2);
  });

  it('checks the source of a cleaning upload too, including an explicit yes/no on personal information', async () => {
    const id = await newProject();
    await manager.request('PUT', `/api/projects/${id}/intake-settings`, { requireCompleteSource: true });
    const { containsPersonalInfo: _omit, ...withoutPi } = COMPLETE_SOURCE;
    const res = await uploadForCleaning(manager, id, 'c.jsonl', '{"text":"c"}\n', { steps: [{ step: 'normalize' }] }, withoutPi);
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('source.containsPersonalInfo');
    const jobs = await manager.request('GET', `/api/projects/${id}/cleaning-jobs`);
    expect(jobs.body.jobs).toHaveLength(0);
  });

  it('lets only managers change the setting, and audits each change', async () => {
    const id = await newProject();
    const denied = await workers[0]!.request('PUT', `/api/projects/${id}/intake-settings`, { requireCompleteSource: true });
    expect(denied.status).toBe(403);
    const bad = await manager.request('PUT', `/api/projects/${id}/intake-settings`, { keepOriginal: 'yes' });
    expect(bad.status).toBe(400);
    await manager.request('PUT', `/api/projects/${id}/intake-settings`, { requireCompleteSource: true, keepOriginal: true, originalKey: 'raw_text' });
    const events = await server.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'entity_id', 'data', 'actor_id'])
      .where('action', '=', 'project.intake_settings')
      .where('entity_id', '=', String(id))
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_id).toBe(manager.userId);
    expect(JSON.parse(events[0]!.data)).toMatchObject({
      before: { requireCompleteSource: false, keepOriginal: false },
      after: { requireCompleteSource: true, keepOriginal: true, originalKey: 'raw_text' },
    });
  });
});
