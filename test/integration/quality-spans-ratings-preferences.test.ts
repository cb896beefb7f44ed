import {
  bradleyTerry,
  krippendorffAlpha,
  LabelEncoder,
  preferenceProbability,
  ratingConsensus,
  spanAgreement,
  spanConsensus,
  type LabeledSpan,
  type PairwiseComparison,
  type SpanAnswer,
  type SpanMatch,
} from '@biaozhu/core/quality/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlRows, waitForJob } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** Spans, a rating, a pair of answers and a ranking on one task, so one run aggregates every new kind at once. */
const CONFIG = {
  objects: [
    { type: 'text', name: 'text', value: 'text' },
    { type: 'text', name: 'answer_a', value: 'answer_a' },
    { type: 'text', name: 'answer_b', value: 'answer_b' },
    { type: 'list', name: 'items', value: 'items' },
  ],
  controls: [
    { type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'LOC' }, { value: 'ORG' }] },
    { type: 'rating', name: 'quality', toName: 'text', maxRating: 5 },
    // not required: picking neither side is a tie
    { type: 'pairwise', name: 'better', toName: ['answer_a', 'answer_b'], required: false },
    { type: 'ranking', name: 'order', toName: 'items' },
  ],
};

const NAMES = ['张伟', '李娜', '王芳', '刘洋', '陈静', '杨磊'];
const CITIES = ['北京', '上海', '杭州', '成都'];
const ORGS = ['华为', '清华大学', '人民银行'];
const TASKS = 12;
const WORKERS = 3;

/** Task n: `<name>在<city>的<org>工作。`, the entities' offsets, and model-x on the left for even n. */
function task(n: number) {
  const name = NAMES[n % NAMES.length]!;
  const city = CITIES[n % CITIES.length]!;
  const org = ORGS[n % ORGS.length]!;
  const text = `${name}在${city}的${org}工作。`;
  const at = (s: string) => [...text].join('').indexOf(s); // all BMP here: code points = UTF-16 units
  const spans: LabeledSpan[] = [
    { start: at(name), end: at(name) + name.length, label: 'PER' },
    { start: at(city), end: at(city) + city.length, label: 'LOC' },
    { start: at(org), end: at(org) + org.length, label: 'ORG' },
  ];
  const xLeft = n % 2 === 0;
  return {
    data: {
      n,
      text,
      answer_a: `answer ${n} A`,
      answer_b: `answer ${n} B`,
      answer_a_source: xLeft ? 'model-x' : 'model-y',
      answer_b_source: xLeft ? 'model-y' : 'model-x',
      items: [{ id: 'a', title: 'first' }, { id: 'b', title: 'second' }, { id: 'c', title: 'third' }],
    },
    spans,
    xLeft,
  };
}

/** What worker w answers on task n: spans, a rating, a side (or a tie), an order. */
function answerOf(w: number, n: number) {
  const t = task(n);
  const [per, loc, org] = t.spans as [LabeledSpan, LabeledSpan, LabeledSpan];
  let spans: LabeledSpan[];
  if (w === 0) spans = [per, loc, org];
  else if (w === 1) spans = n % 2 === 1 ? [per, loc, { ...org, end: org.end - 1 }] : [per, loc, org]; // cuts the organisation short
  else spans = [...(n % 4 === 1 ? [{ ...per, label: 'ORG' }] : [per]), ...(n % 3 === 0 ? [] : [loc]), org];
  const rating = w === 0 ? 4 : w === 1 ? (n % 5) + 1 : 5;
  const xSide = t.xLeft ? 'left' : 'right';
  const side: 'left' | 'right' | 'tie' = w === 0 ? xSide : w === 1 ? 'left' : n % 3 === 0 ? 'tie' : xSide;
  const order = w === 0 ? ['a', 'b', 'c'] : w === 1 ? ['b', 'a', 'c'] : n % 2 === 1 ? ['a', 'c', 'b'] : ['a', 'b', 'c'];
  return { spans, rating, side, order };
}

function resultOf(w: number, n: number) {
  const { spans, rating, side, order } = answerOf(w, n);
  const text = task(n).data.text;
  return [
    ...spans.map((s, i) => ({ id: `s${i}`, from_name: 'ner', to_name: 'text', type: 'labels', value: { start: s.start, end: s.end, text: text.slice(s.start, s.end), labels: [s.label] } })),
    { id: 'q', from_name: 'quality', to_name: 'text', type: 'rating', value: { rating } },
    ...(side === 'tie' ? [] : [{ id: 'p', from_name: 'better', to_name: 'better', type: 'pairwise', value: { selected: side } }]),
    { id: 'o', from_name: 'order', to_name: 'items', type: 'ranker', value: { ranker: { order } } },
  ];
}

describe.each(DIALECTS)('aggregating spans, ratings and preferences on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let projectId: number;
  /** task id -> n */
  const nOf = new Map<number, number>();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const people = await seedPeople(server, WORKERS);
    manager = people.manager;
    const created = await manager.request('POST', '/api/projects', { name: 'text and llm', labelConfig: CONFIG, overlap: WORKERS });
    expect(created.status).toBe(201);
    projectId = created.body.project.id;
    const lines = Array.from({ length: TASKS }, (_, n) => JSON.stringify(task(n).data));
    expect((await uploadTasks(manager, projectId, 'tasks.jsonl', lines.join('\n'))).status).toBe(201);
    for (const [w, worker] of people.workers.entries()) {
      for (;;) {
        const next = await worker.request('POST', `/api/projects/${projectId}/next`);
        if (next.status === 204) break;
        expect(next.status).toBe(200);
        const n = next.body.assignment.data.n as number;
        const submitted = await worker.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: resultOf(w, n), idempotencyKey: `w${w}n${n}` });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        nOf.set(submitted.body.annotation.taskId, n);
      }
    }
    expect(nOf.size).toBe(TASKS);
  });
  afterAll(async () => server?.stop());

  const spanAnswersOf = (n: number): SpanAnswer[] => Array.from({ length: WORKERS }, (_, w) => ({ worker: `w${w}`, spans: answerOf(w, n).spans }));

  async function aggregate(body: Record<string, unknown>) {
    const started = await manager.request('POST', `/api/projects/${projectId}/aggregate`, body);
    expect(started.status).toBe(202);
    const job = await waitForJob(manager, started.body.job.id);
    expect(job.status, job.error).toBe('done');
    const rows = jsonlRows((await manager.request('GET', `/api/projects/${projectId}/aggregates?format=jsonl`)).body);
    return { job, rows: new Map(rows.map((r) => [nOf.get(r.task_id)!, r])) };
  }

  function expectSpans(rows: Map<number, any>, match: SpanMatch) {
    for (let n = 0; n < TASKS; n++) {
      const expected = spanConsensus(task(n).data.text, spanAnswersOf(n), { match });
      const row = rows.get(n)!;
      const spans = row.result.filter((i: any) => i.from_name === 'ner');
      expect(spans.map((i: any) => ({ start: i.value.start, end: i.value.end, label: i.value.labels[0], text: i.value.text, type: i.type, to_name: i.to_name }))).toEqual(
        expected.map((s) => ({ start: s.start, end: s.end, label: s.label, text: task(n).data.text.slice(s.start, s.end), type: 'labels', to_name: 'text' })),
      );
      expect(row.labels.ner).toEqual(expected.map((s) => `${s.label}:${s.start}-${s.end}`));
      expect(row.details.ner.spans.map((s: any) => s.votes)).toEqual(expected.map((s) => s.support.length));
    }
  }

  it('aggregates each control by its kind into Label Studio items, with the figures the library gives', async () => {
    const { job, rows } = await aggregate({});
    expect(rows.size).toBe(TASKS);
    expect(job.result.otherControls.map((c: any) => [c.control, c.method, c.tasks])).toEqual([
      ['ner', 'span-exact', TASKS],
      ['quality', 'median', TASKS],
      ['better', 'bradley-terry', TASKS],
      ['order', 'bradley-terry', TASKS],
    ]);
    expectSpans(rows, { mode: 'exact' });

    // ratings: the median, with its spread in the details
    for (let n = 0; n < TASKS; n++) {
      const c = ratingConsensus(Array.from({ length: WORKERS }, (_, w) => answerOf(w, n).rating));
      const row = rows.get(n)!;
      expect(row.result.find((i: any) => i.from_name === 'quality')).toMatchObject({ type: 'rating', to_name: 'text', value: { rating: c.median } });
      expect(row.details.quality).toEqual({ median: c.median, iqr: c.iqr, min: c.min, max: c.max, n: c.n });
    }

    // pairs: one Bradley-Terry fit of every judgement, each task's sides its own items
    const comparisons: PairwiseComparison[] = [];
    for (let n = 0; n < TASKS; n++) for (let w = 0; w < WORKERS; w++) comparisons.push({ left: `${n}:l`, right: `${n}:r`, outcome: answerOf(w, n).side });
    const fit = bradleyTerry(comparisons);
    for (let n = 0; n < TASKS; n++) {
      const p = preferenceProbability(fit, `${n}:l`, `${n}:r`);
      const row = rows.get(n)!;
      expect(row.details.better.pLeft).toBeCloseTo(p, 6);
      const item = row.result.find((i: any) => i.from_name === 'better');
      if (Math.abs(p - 0.5) < 1e-9) expect(item).toBeUndefined();
      else expect(item).toEqual({ id: 'agg-better', from_name: 'better', to_name: 'better', type: 'pairwise', value: { selected: p > 0.5 ? 'left' : 'right' } });
    }
    expect(job.result.otherControls[2].fit.theta).toBeCloseTo(fit.positionBias.theta, 6);

    // the CSV has a column per aggregated control, with its short form
    const csv = (await manager.request('GET', `/api/projects/${projectId}/aggregates?format=csv`)).body as string;
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(header!.split(',')).toEqual(['task_id', 'external_id', 'method', 'confidence', 'ner', 'quality', 'better', 'order']);
    const firstTask = [...nOf.entries()].find(([, n]) => n === 0)![0];
    const line = lines.find((l) => l.startsWith(`${firstTask},`))!.split(',');
    expect(line.slice(4)).toEqual(['ner', 'quality', 'better', 'order'].map((c) => rows.get(0)!.labels[c].join(';')));

    // rankings: every ranking read as the pairs it orders, one fit, each task's order by strength
    const pairs: PairwiseComparison[] = [];
    for (let n = 0; n < TASKS; n++) {
      for (let w = 0; w < WORKERS; w++) {
        const order = answerOf(w, n).order;
        for (const [i, j] of [['a', 'b'], ['a', 'c'], ['b', 'c']] as const) pairs.push({ left: `${n}${i}`, right: `${n}${j}`, outcome: order.indexOf(i) < order.indexOf(j) ? 'left' : 'right' });
      }
    }
    const rankFit = bradleyTerry(pairs);
    const strength = new Map(rankFit.items.map((i) => [i.item, i.strength]));
    for (let n = 0; n < TASKS; n++) {
      const expected = ['a', 'b', 'c'].sort((x, y) => strength.get(`${n}${y}`)! - strength.get(`${n}${x}`)!);
      expect(rows.get(n)!.result.find((i: any) => i.from_name === 'order').value).toEqual({ ranker: { order: expected } });
    }
  });

  it('matches spans by token overlap when the run asks for it, and refuses an unknown matching', async () => {
    expect((await manager.request('POST', `/api/projects/${projectId}/aggregate`, { spanMatch: 'fuzzy' })).status).toBe(400);
    expect((await manager.request('POST', `/api/projects/${projectId}/aggregate`, { spanMatch: 'overlap', spanThreshold: 2 })).status).toBe(400);
    const exact = spanConsensus(task(1).data.text, spanAnswersOf(1), { match: { mode: 'exact' } });
    const overlap = spanConsensus(task(1).data.text, spanAnswersOf(1), { match: { mode: 'overlap', threshold: 0.5 } });
    // the data is built so the two matchings differ (worker 1 cuts the organisation short on odd tasks)
    expect(overlap).not.toEqual(exact);
    const { rows } = await aggregate({ spanMatch: 'overlap', spanThreshold: 0.5 });
    expectSpans(rows, { mode: 'overlap', threshold: 0.5 });
    expect(rows.get(1)!.method).toBe('span-overlap+median+bradley-terry');
  });

  it('reports span F1 per label, rating spread and the pairwise fit on the quality API', async () => {
    const res = await manager.request('GET', `/api/projects/${projectId}/quality`);
    expect(res.status).toBe(200);
    const items = Array.from({ length: TASKS }, (_, n) => ({ text: task(n).data.text, answers: spanAnswersOf(n) }));
    const [spans] = res.body.spans;
    expect(spans.sharedTasks).toBe(TASKS);
    expect(spans.pairs).toBe(TASKS * 3);
    expect(spans.f1Exact).toBeCloseTo(spanAgreement(items).f1, 10);
    expect(spans.f1Overlap).toBeCloseTo(spanAgreement(items, { mode: 'overlap', threshold: 0.5 }).f1, 10);
    expect(spans.f1Overlap).toBeGreaterThan(spans.f1Exact);
    for (const label of ['PER', 'LOC', 'ORG']) {
      const only = items.map((i) => ({ text: i.text, answers: i.answers.map((a) => ({ worker: a.worker, spans: a.spans.filter((s) => s.label === label) })) }));
      const row = spans.perLabel.find((l: any) => l.label === label);
      expect(row.f1Exact).toBeCloseTo(spanAgreement(only).f1, 10);
      expect(row.spans).toBe(items.flatMap((i) => i.answers.flatMap((a) => a.spans)).filter((s) => s.label === label).length);
    }

    const [ratings] = res.body.ratings;
    const perTask = Array.from({ length: TASKS }, (_, n) => ratingConsensus(Array.from({ length: WORKERS }, (_, w) => answerOf(w, n).rating)));
    expect(ratings.meanIqr).toBeCloseTo(perTask.reduce((s, c) => s + c.iqr, 0) / TASKS, 10);
    expect(ratings.disputedTasks).toBe(perTask.filter((c) => c.max - c.min >= 2).length);
    const encoder = new LabelEncoder();
    for (let n = 0; n < TASKS; n++) for (let w = 0; w < WORKERS; w++) encoder.add(`w${w}`, `t${n}`, String(answerOf(w, n).rating));
    const built = encoder.build();
    expect(ratings.krippendorffAlpha).toBeCloseTo(krippendorffAlpha(built.data, { metric: 'interval', classValues: built.classIds.map(Number) }), 10);
    expect(ratings.distribution.reduce((s: number, v: number) => s + v, 0)).toBe(TASKS * WORKERS);

    const pairwise = res.body.preferences.find((p: any) => p.control === 'better');
    const sides: PairwiseComparison[] = [];
    const models: PairwiseComparison[] = [];
    for (let n = 0; n < TASKS; n++) {
      const t = task(n);
      for (let w = 0; w < WORKERS; w++) {
        const outcome = answerOf(w, n).side;
        sides.push({ left: `${n}L`, right: `${n}R`, outcome });
        models.push({ left: t.data.answer_a_source, right: t.data.answer_b_source, outcome });
      }
    }
    const local = bradleyTerry(sides);
    const named = bradleyTerry(models);
    expect(pairwise.judgements).toBe(TASKS * WORKERS);
    // the sides are named, so ties and position come from the fit over the models
    expect(pairwise.fittedOver).toBe('items');
    expect(pairwise.ties.share).toBeCloseTo(named.ties.share, 10);
    expect(pairwise.ties.share).toBeGreaterThan(0);
    expect(pairwise.positionBias.theta).toBeCloseTo(named.positionBias.theta, 6);
    expect(pairwise.positionBias.leftWinShare).toBeCloseTo(local.positionBias.leftWinShare, 10);
    expect(pairwise.positionBias.theta).toBeGreaterThan(1); // worker 1 always picks the left side
    expect(pairwise.items.map((i: any) => i.item)).toEqual(named.items.map((i) => i.item));
    expect(pairwise.items[0].item).toBe('model-x');
    expect(pairwise.items[0].strength).toBeCloseTo(named.items[0]!.strength, 6);
    expect(res.body.preferences.find((p: any) => p.control === 'order')).toMatchObject({ kind: 'ranking', judgements: TASKS * WORKERS * 3, fittedOver: 'items' });
  });
});
