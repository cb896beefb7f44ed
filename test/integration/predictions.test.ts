import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** NER with relations and a choice about the whole text: predictions of every kind of item start the worker's answer. */
const XML = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Relations><Relation value="works_for"/></Relations>
  <Choices name="sentiment" toName="text"><Choice value="positive"/><Choice value="negative"/></Choices>
</View>`;

const per = { id: 'p1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } };
const org = { id: 'p2', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['ORG'] } };
const relation = { from_id: 'p1', to_id: 'p2', type: 'relation', direction: 'right', labels: ['works_for'] };
const positive = { id: 'c1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } };
const negative = { ...positive, value: { choices: ['negative'] } };

describe.each(DIALECTS)('predictions handed out with the claim on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 2));
  });
  afterAll(async () => server?.stop());

  async function project(lines: unknown[]) {
    const created = await manager.request('POST', '/api/projects', { name: `p${Date.now()}${Math.random()}`, labelConfig: XML, overlap: 1 });
    expect(created.status).toBe(201);
    const projectId = created.body.project.id as number;
    const imported = await uploadTasks(manager, projectId, 'tasks.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(imported.status).toBe(201);
    return projectId;
  }

  it("gives the task's latest prediction with the assignment, current and ahead, and the answer made from it is taken", async () => {
    const projectId = await project([
      {
        data: { text: '张三在😀腾讯工作' },
        predictions: [
          { model_version: 'old', score: 0.2, result: [negative] },
          { model_version: 'ner-v2', score: 0.91, result: [per, org, relation, positive] },
        ],
      },
      { data: { text: '没有预测的任务' } },
    ]);
    const worker = workers[0]!;
    const current = await worker.request('POST', `/api/projects/${projectId}/next`);
    expect(current.status).toBe(200);
    expect(current.body.assignment.data).toEqual({ text: '张三在😀腾讯工作' });
    expect(current.body.assignment.prediction).toEqual({ id: expect.any(Number), result: [per, org, relation, positive], modelVersion: 'ner-v2', score: 0.91 });
    // The task in hand has no prediction: none is sent.
    const ahead = await worker.request('POST', `/api/projects/${projectId}/next?mode=ahead`);
    expect(ahead.status).toBe(200);
    expect(ahead.body.assignment.data).toEqual({ text: '没有预测的任务' });
    expect(ahead.body.assignment).not.toHaveProperty('prediction');
    // Asked again (a reload), the held lease comes back with its prediction.
    expect((await worker.request('POST', `/api/projects/${projectId}/next`)).body.assignment.prediction.modelVersion).toBe('ner-v2');

    // The worker keeps the prediction but turns the sentiment around: stored as submitted.
    const answer = [per, org, relation, negative];
    const submitted = await worker.request('POST', `/api/assignments/${current.body.assignment.id}/submit`, { result: answer, idempotencyKey: `pred-${dialect}` });
    expect(submitted.status).toBe(200);
    const rows = await server.db.kysely.selectFrom('annotations').select('result').where('project_id', '=', projectId).execute();
    expect(rows.map((r) => JSON.parse(r.result) as unknown)).toEqual([answer]);
  });

  it('sends no prediction in a project without any, and one as soon as an import brings predictions', async () => {
    const projectId = await project([{ data: { text: '张三在腾讯' } }]);
    const worker = workers[1]!;
    const first = await worker.request('POST', `/api/projects/${projectId}/next`);
    expect(first.status).toBe(200);
    expect(first.body.assignment).not.toHaveProperty('prediction');
    await worker.request('POST', `/api/assignments/${first.body.assignment.id}/skip`);

    const imported = await uploadTasks(manager, projectId, 'more.jsonl', JSON.stringify({ data: { text: '李四' }, predictions: [{ model_version: 'm', result: [positive] }] }));
    expect(imported.status).toBe(201);
    expect(imported.body.import.predictionsImported).toBe(1);
    const next = await worker.request('POST', `/api/projects/${projectId}/next`);
    expect(next.body.assignment.data).toEqual({ text: '李四' });
    expect(next.body.assignment.prediction).toEqual({ id: expect.any(Number), result: [positive], modelVersion: 'm', score: null });
  });
});
