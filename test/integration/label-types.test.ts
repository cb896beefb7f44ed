import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** Label Studio XML configs for the text and LLM types, as its templates write them. */
const NER_XML = `<View>
  <Relations>
    <Relation value="works_for"/>
  </Relations>
  <Labels name="ner" toName="text">
    <Label value="PER" background="red"/>
    <Label value="ORG" background="darkorange"/>
  </Labels>
  <Text name="text" value="$text"/>
  <TextArea name="note" toName="text" perRegion="true"/>
  <Rating name="quality" toName="text" maxRating="5" required="true"/>
  <Taxonomy name="topic" toName="text">
    <Choice value="Business"><Choice value="Tech"/></Choice>
    <Choice value="Sports"/>
  </Taxonomy>
</View>`;
const PAIRWISE_XML = `<View>
  <Text name="prompt" value="$prompt"/>
  <Pairwise name="better" toName="answer_a,answer_b"/>
  <Text name="answer_a" value="$a"/>
  <Text name="answer_b" value="$b"/>
</View>`;
const RANKER_XML = `<View>
  <Text name="prompt" value="$prompt"/>
  <List name="answers" value="$items" title="Answers"/>
  <Ranker name="rank" toName="answers"/>
</View>`;

// Items as Label Studio's editor writes them (verified with its 1.4.0 build; offsets count code points).
const per = { id: 'sp1', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } };
const org = { id: 'sp2', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['ORG'] } };
const relation = { from_id: 'sp1', to_id: 'sp2', type: 'relation', direction: 'right', labels: ['works_for'] };
const note = { id: 'sp2', from_name: 'note', to_name: 'text', type: 'textarea', value: { start: 4, end: 6, text: ['a company'] } };
const rating = { id: 'q1', from_name: 'quality', to_name: 'text', type: 'rating', value: { rating: 4 } };
const topic = { id: 't1', from_name: 'topic', to_name: 'text', type: 'taxonomy', value: { taxonomy: [['Business', 'Tech']] } };

describe.each(DIALECTS)('text and LLM label types over HTTP on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 1));
  });
  afterAll(async () => server?.stop());

  /** A project from Label Studio XML with one task; the worker's assignment on it. */
  async function assignmentOn(xml: string, task: Record<string, unknown>) {
    const created = await manager.request('POST', '/api/projects', { name: `p${Date.now()}${Math.random()}`, labelConfig: xml, overlap: 1 });
    expect(created.status).toBe(201);
    const projectId = created.body.project.id as number;
    expect((await uploadTasks(manager, projectId, 'tasks.jsonl', JSON.stringify(task))).status).toBe(201);
    const next = await workers[0]!.request('POST', `/api/projects/${projectId}/next`);
    expect(next.status).toBe(200);
    return { projectId, assignmentId: next.body.assignment.id as number };
  }

  const stored = async (projectId: number) =>
    (await server.db.kysely.selectFrom('annotations').select('result').where('project_id', '=', projectId).execute()).map((r) => JSON.parse(r.result) as unknown);

  /** Submits, expecting a 400 that names `field` with `code`, and that nothing was stored. */
  async function refused(where: { projectId: number; assignmentId: number }, result: unknown[], code: string, field: string) {
    const res = await workers[0]!.request('POST', `/api/assignments/${where.assignmentId}/submit`, { result, idempotencyKey: `${code}-${where.assignmentId}-${field}` });
    expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.details?.field }).toEqual({ status: 400, code, field });
    expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
    expect(await stored(where.projectId)).toEqual([]);
  }

  it('takes entities, a relation, a per-region note, a rating and a topic, and refuses each broken item by name', async () => {
    const on = await assignmentOn(NER_XML, { text: '张三在😀腾讯工作' });
    await refused(on, [per, { ...org, value: { ...org.value, start: 5, end: 7 } }, rating], 'span_text_mismatch', 'result[1].value.text');
    await refused(on, [per, { ...org, value: { ...org.value, end: 20 } }, rating], 'span_out_of_range', 'result[1].value.end');
    await refused(on, [per, org, { ...relation, to_id: 'nowhere' }, rating], 'unknown_region', 'result[2].to_id');
    await refused(on, [per, org, { ...relation, labels: ['married'] }, rating], 'unknown_label', 'result[2].labels');
    await refused(on, [per, { ...org, value: { ...org.value, labels: ['LOC'] } }, rating], 'unknown_label', 'result[1].value.labels');
    await refused(on, [per, { ...note, id: 'q1' }, rating], 'unknown_region', 'result[1].id');
    await refused(on, [per, org, { ...rating, value: { rating: 6 } }], 'out_of_range', 'result[2].value.rating');
    await refused(on, [per, org, rating, { ...topic, value: { taxonomy: [['Tech']] } }], 'unknown_path', 'result[3].value.taxonomy[0]');
    await refused(on, [per, org, relation], 'missing_required', 'result');

    const answer = [per, org, relation, note, rating, topic];
    const res = await workers[0]!.request('POST', `/api/assignments/${on.assignmentId}/submit`, { result: answer, idempotencyKey: `ok-${on.assignmentId}` });
    expect(res.status).toBe(200);
    expect(await stored(on.projectId)).toEqual([answer]);
  });

  it('takes a pairwise preference whose to_name is the control, as Label Studio writes it', async () => {
    const on = await assignmentOn(PAIRWISE_XML, { prompt: '写一首关于秋天的诗', a: '秋风起，落叶黄。', b: 'Autumn is a season.' });
    const choice = { id: 'pw1', from_name: 'better', to_name: 'better', type: 'pairwise', value: { selected: 'left' } };
    await refused(on, [{ ...choice, to_name: 'answer_a' }], 'wrong_object', 'result[0].to_name');
    await refused(on, [{ ...choice, value: { selected: 'both' } }], 'invalid_value', 'result[0].value.selected');
    await refused(on, [], 'missing_required', 'result');
    const res = await workers[0]!.request('POST', `/api/assignments/${on.assignmentId}/submit`, { result: [choice], idempotencyKey: `ok-${on.assignmentId}` });
    expect(res.status).toBe(200);
    expect(await stored(on.projectId)).toEqual([[choice]]);
  });

  it('takes a ranking of every answer of the list by its ids', async () => {
    const items = [{ id: 'a', title: 'Answer A' }, { id: 'b', title: 'Answer B' }, { id: 3, title: 'Answer C' }];
    const on = await assignmentOn(RANKER_XML, { prompt: 'Explain recursion', items });
    const ranking = (order: string[]) => ({ id: 'rk1', from_name: 'rank', to_name: 'answers', type: 'ranker', value: { ranker: { rank: order } } });
    await refused(on, [ranking(['b', 'a'])], 'incomplete_ranking', 'result[0].value.ranker.rank');
    await refused(on, [ranking(['b', 'a', '4'])], 'unknown_item', 'result[0].value.ranker.rank');
    await refused(on, [{ ...ranking(['b', 'a', '3']), type: 'ranking' }], 'wrong_type', 'result[0].type');
    const res = await workers[0]!.request('POST', `/api/assignments/${on.assignmentId}/submit`, { result: [ranking(['b', '3', 'a'])], idempotencyKey: `ok-${on.assignmentId}` });
    expect(res.status).toBe(200);
    expect(await stored(on.projectId)).toEqual([[ranking(['b', '3', 'a'])]]);
  });

  it('imports a Label Studio task whose annotation holds relations, keeping them as written', async () => {
    const created = await manager.request('POST', '/api/projects', { name: `imp${Date.now()}`, labelConfig: NER_XML, overlap: 1 });
    const projectId = created.body.project.id as number;
    const result = [per, org, relation, rating];
    const task = { id: 7, data: { text: '张三在😀腾讯工作' }, annotations: [{ id: 1, result }] };
    const up = await uploadTasks(manager, projectId, 'tasks.jsonl', JSON.stringify(task));
    expect(up.status).toBe(201);
    expect(await stored(projectId)).toEqual([result]);
  });

  it('refuses a Label Studio config whose control points at the wrong kind of object, naming it', async () => {
    const res = await manager.request('POST', '/api/projects', {
      name: `bad${Date.now()}`,
      labelConfig: '<View><Text name="t" value="$t"/><Ranker name="r" toName="t"/></View>',
      overlap: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_label_config');
    expect(res.body.error.message).toContain('controls[0].toName: a ranking control applies to list objects; "t" is text');
  });
});
