import { drawSample, samplingPlan } from '@biaozhu/core';
import { wilsonInterval } from '@biaozhu/core/quality/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../support/invariants.js';
import { qualityProject, texts, userWithRole, workAll } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';

describe.each(DIALECTS)('ISO 2859-1 lots on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];
  let reviewer: ApiClient;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
    reviewer = await userWithRole(server, 'reviewer');
    client = await userWithRole(server, 'client');
  });
  afterAll(async () => server?.stop());

  async function deliveredProject(n: number) {
    const id = await qualityProject(manager, texts(n));
    await workAll(workers[0]!, id, () => 'positive');
    const taskIds = (await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', id).orderBy('id').execute()).map((t) => t.id);
    return { id, taskIds };
  }

  it('cuts a lot with the level II plan, draws the sample from the stored seed, and the client inspects and signs off', async () => {
    const { id, taskIds } = await deliveredProject(30);
    await manager.request('PUT', `/api/projects/${id}/quality-policy`, { policy: { requiredAccuracy: 0.95 } });
    expect((await reviewer.request('POST', `/api/projects/${id}/lots`, { aql: '6.5' })).status).toBe(403);
    expect((await manager.request('POST', `/api/projects/${id}/lots`, { aql: '3.3' })).body.error.code).toBe('no_sampling_plan');
    const cut = await manager.request('POST', `/api/projects/${id}/lots`, { aql: '6.5', seed: 12345, name: 'batch 1' });
    expect(cut.status).toBe(201);
    const plan = samplingPlan(30, '6.5');
    expect(cut.body.lot).toMatchObject({
      name: 'batch 1',
      lotSize: 30,
      inspectionLevel: 'II',
      codeLetter: 'D',
      sampleSize: plan.sampleSize,
      ac: plan.ac,
      re: plan.re,
      seed: 12345,
      status: 'inspecting',
      fullInspection: false,
    });
    expect([cut.body.lot.sampleSize, cut.body.lot.ac, cut.body.lot.re]).toEqual([8, 1, 2]); // 26–50 at 6.5: 8 1/2
    const lotId = cut.body.lot.id as number;
    // The tasks are in a lot now: a second cut finds none.
    expect((await manager.request('POST', `/api/projects/${id}/lots`, { aql: '6.5' })).body.error.code).toBe('lot_too_small');

    // The client sees the project only once added to it.
    expect((await client.request('GET', `/api/lots/${lotId}`)).status).toBe(404);
    expect((await manager.request('POST', `/api/projects/${id}/clients`, { userId: reviewer.userId })).status).toBe(400);
    expect((await manager.request('POST', `/api/projects/${id}/clients`, { userId: client.userId })).status).toBe(200);
    const lot = await client.request('GET', `/api/lots/${lotId}`);
    expect(lot.status).toBe(200);
    expect(lot.body.sample.map((s: any) => s.taskId)).toEqual(drawSample(taskIds, 8, 12345));
    expect(lot.body.sample[0].delivered).toMatchObject({ source: 'answers', results: [[expect.objectContaining({ from_name: 'sentiment' })]] });
    expect((await client.request('POST', `/api/lots/${lotId}/sign-off`, { decision: 'accept' })).body.error.code).toBe('lot_not_decided');
    expect((await workers[0]!.request('POST', `/api/lots/${lotId}/items/${lot.body.sample[0].taskId}/inspect`, { verdict: 'pass' })).status).toBe(403);
    const notSampled = taskIds.find((t) => !lot.body.sample.some((s: any) => s.taskId === t))!;
    expect((await client.request('POST', `/api/lots/${lotId}/items/${notSampled}/inspect`, { verdict: 'pass' })).status).toBe(404);
    expect((await client.request('POST', `/api/lots/${lotId}/items/${lot.body.sample[0].taskId}/inspect`, { verdict: 'defect' })).status).toBe(400);

    // One defect in eight: Ac = 1, so the lot is accepted; the accuracy clause (0.95) is reported beside it.
    let last: any;
    for (const [i, item] of lot.body.sample.entries()) {
      const by = i % 2 === 0 ? client : reviewer;
      const res = await by.request('POST', `/api/lots/${lotId}/items/${item.taskId}/inspect`, i === 3 ? { verdict: 'defect', reason: 'wrong label' } : { verdict: 'pass' });
      expect(res.status).toBe(200);
      last = res.body.lot;
      if (i < 7) expect(last.status).toBe('inspecting');
    }
    expect(last).toMatchObject({ status: 'accepted', inspected: 8, defects: 1 });
    expect(last.accuracy).toEqual({ ...wilsonInterval(7, 8), required: 0.95, meets: false, meetsWithConfidence: false });
    expect((await client.request('POST', `/api/lots/${lotId}/items/${lot.body.sample[0].taskId}/inspect`, { verdict: 'pass' })).body.error.code).toBe('lot_decided');

    expect((await manager.request('POST', `/api/lots/${lotId}/sign-off`, { decision: 'accept' })).status).toBe(403);
    const signed = await client.request('POST', `/api/lots/${lotId}/sign-off`, { decision: 'accept', comment: '验收通过' });
    expect(signed.status).toBe(200);
    expect(signed.body.lot.signoff).toMatchObject({ by: client.userId, decision: 'accept', comment: '验收通过' });
    expect((await client.request('POST', `/api/lots/${lotId}/sign-off`, { decision: 'reject' })).body.error.code).toBe('already_signed_off');
    const list = await client.request('GET', `/api/projects/${id}/lots`);
    expect(list.body.lots.map((l: any) => [l.id, l.status])).toEqual([[lotId, 'accepted']]);
    const audit = await server.db.kysely.selectFrom('audit_events').select('action').where('entity_type', '=', 'lot').where('entity_id', '=', String(lotId)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['lot.cut', ...Array<string>(8).fill('lot.item_inspected'), 'lot.accepted', 'lot.signed_off']);
    await checkInvariants(server.db, id);
  });

  it('two lots cut at the same moment never share a task', async () => {
    const { id } = await deliveredProject(20);
    const cuts = await Promise.all([
      manager.request('POST', `/api/projects/${id}/lots`, { aql: '6.5' }),
      manager.request('POST', `/api/projects/${id}/lots`, { aql: '6.5' }),
    ]);
    // the first takes every completed task; the second finds none left
    expect(cuts.map((c) => c.status).sort()).toEqual([201, 400]);
    expect(cuts.find((c) => c.status === 400)!.body.error.code).toBe('lot_too_small');
    const items = await server.db.kysely
      .selectFrom('lot_items as li')
      .innerJoin('lots as l', 'l.id', 'li.lot_id')
      .select('li.task_id')
      .where('l.project_id', '=', id)
      .execute();
    expect(items).toHaveLength(20);
    expect(new Set(items.map((i) => i.task_id)).size).toBe(20);
  });

  it('inspects 100% when n is at least the lot size, and rejects as soon as the defects reach Re', async () => {
    const { id, taskIds } = await deliveredProject(6);
    const cut = await manager.request('POST', `/api/projects/${id}/lots`, { aql: '1.0', taskIds: taskIds.slice(0, 4) });
    expect(cut.body.lot).toMatchObject({ lotSize: 4, codeLetter: 'A', planLetter: 'E', sampleSize: 13, toInspect: 4, fullInspection: true, ac: 0, re: 1 });
    const lot = await reviewer.request('GET', `/api/lots/${cut.body.lot.id}`);
    expect(lot.body.sample.map((s: any) => s.taskId).sort()).toEqual(taskIds.slice(0, 4));
    const first = await reviewer.request('POST', `/api/lots/${cut.body.lot.id}/items/${lot.body.sample[0].taskId}/inspect`, { verdict: 'defect', reason: 'missed' });
    expect(first.body.lot).toMatchObject({ status: 'rejected', defects: 1, inspected: 1 });
    // Tasks of a rejected lot may be delivered again in a new lot; a task of another project may not.
    const other = await deliveredProject(2);
    expect((await manager.request('POST', `/api/projects/${id}/lots`, { aql: '1.0', taskIds: [taskIds[0]!, other.taskIds[0]!] })).body.error.code).toBe('task_not_deliverable');
    const again = await manager.request('POST', `/api/projects/${id}/lots`, { aql: '1.0' });
    expect(again.body.lot.lotSize).toBe(6);
  });
});
