import { LOT_ITEM_BATCH, drawSample } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityProject } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';

/** `n` tasks, each with one imported answer: all completed at overlap 1. */
const answeredLines = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ data: { text: `t${i}` }, annotations: [{ completed_by: 7, result: answer('positive') }] }));

describe.each(DIALECTS)('lot cuts written in batches on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager } = await seedPeople(server, 0));
  });
  afterAll(async () => server?.stop());

  const taskIdsOf = async (projectId: number) =>
    (await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', projectId).orderBy('id').execute()).map((t) => t.id);

  it('cuts a lot of more items than one batch holds, whole', async () => {
    const n = 2 * LOT_ITEM_BATCH + 17;
    const id = await qualityProject(manager, answeredLines(n));
    const cut = await manager.request('POST', `/api/projects/${id}/lots`, { aql: '1.0', seed: 7 });
    expect(cut.status).toBe(201);
    expect(cut.body.lot).toMatchObject({ lotSize: n, codeLetter: 'M', sampleSize: 315, status: 'inspecting' });
    const items = await server.db.kysely.selectFrom('lot_items').select(['task_id', 'sample_position']).where('lot_id', '=', cut.body.lot.id).execute();
    expect(items).toHaveLength(n);
    const lot = await manager.request('GET', `/api/lots/${cut.body.lot.id}`);
    expect(lot.body.sample.map((s: any) => s.taskId)).toEqual(drawSample(await taskIdsOf(id), 315, 7));
  });

  it('never shows a lot whose cut died midway, and the next cut takes its tasks', async () => {
    const id = await qualityProject(manager, answeredLines(12));
    const taskIds = await taskIdsOf(id);
    // What a server killed during a cut leaves: the hidden lot and its first batch of items.
    const dead = await server.db.kysely
      .insertInto('lots')
      .values({
        project_id: id,
        name: 'died',
        aql: '1.0',
        inspection_level: 'II',
        code_letter: 'C',
        lot_size: 12,
        sample_size: 5,
        accept_number: 0,
        reject_number: 1,
        seed: 1,
        required_accuracy: null,
        status: 'inspecting',
        created_by: manager.userId,
        created_at: server.clock.now,
        decided_at: null,
        signoff_by: null,
        signoff_at: null,
        signoff_decision: null,
        signoff_comment: null,
        cutting: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await server.db.kysely
      .insertInto('lot_items')
      .values(taskIds.slice(0, 6).map((task_id, i) => ({ lot_id: dead.id, task_id, sample_position: i < 5 ? i : null, verdict: null, defect_reason: null, inspected_by: null, inspected_at: null })))
      .execute();
    expect((await manager.request('GET', `/api/projects/${id}/lots`)).body.lots).toEqual([]);
    expect((await manager.request('GET', `/api/lots/${dead.id}`)).status).toBe(404);
    expect((await manager.request('POST', `/api/lots/${dead.id}/items/${taskIds[0]}/inspect`, { verdict: 'pass' })).status).toBe(404);

    const cut = await manager.request('POST', `/api/projects/${id}/lots`, { aql: '1.0' });
    expect(cut.status).toBe(201);
    expect(cut.body.lot.lotSize).toBe(12);
    const lots = await manager.request('GET', `/api/projects/${id}/lots`);
    expect(lots.body.lots.map((l: any) => l.id)).toEqual([cut.body.lot.id]);
    expect(await server.db.kysely.selectFrom('lot_items').select('task_id').where('lot_id', '=', dead.id).execute()).toEqual([]);
    expect(await server.db.kysely.selectFrom('lots').select('id').where('id', '=', dead.id).execute()).toEqual([]);
  });

  it('cuts of one project queue: three at once take disjoint tasks and the later ones find none', async () => {
    const id = await qualityProject(manager, answeredLines(LOT_ITEM_BATCH + 10));
    const cuts = await Promise.all([1, 2, 3].map(() => manager.request('POST', `/api/projects/${id}/lots`, { aql: '1.0' })));
    expect(cuts.map((c) => c.status).sort()).toEqual([201, 400, 400]);
    const items = await server.db.kysely.selectFrom('lot_items as li').innerJoin('lots as l', 'l.id', 'li.lot_id').select('li.task_id').where('l.project_id', '=', id).execute();
    expect(items).toHaveLength(LOT_ITEM_BATCH + 10);
  });
});
