import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EXPORT_FORMATS, type ExportFormat } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelStudioJsonMin, readConll, readJsonl } from '../support/export-readers.js';
import { userWithRole, waitForJob } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, SENTIMENT_CONFIG, seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/**
 * The training formats (CoNLL, preference, SFT, Label Studio JSON_MIN) and the final answer of every format, through
 * the real HTTP server: a reviewer's correction, an adjudication, the aggregate, a single answer and a rejected one.
 */

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/biaozhu.js');

const CONFIG = {
  objects: [
    { type: 'text', name: 'prompt', value: 'prompt' },
    { type: 'text', name: 'left', value: 'left' },
    { type: 'text', name: 'right', value: 'right' },
    { type: 'list', name: 'items', value: 'items' },
  ],
  controls: [
    { type: 'labels', name: 'ner', toName: 'prompt', labels: [{ value: 'PER' }, { value: 'ORG' }, { value: 'LOC' }, { value: 'MISC' }] },
    { type: 'textarea', name: 'reply', toName: 'prompt', required: false },
    { type: 'pairwise', name: 'better', toName: ['left', 'right'], required: false },
    { type: 'ranking', name: 'rank', toName: 'items', required: false },
    { type: 'choices', name: 'sentiment', toName: 'prompt', required: false, choices: [{ value: 'positive' }, { value: 'negative' }, { value: 'neutral' }] },
  ],
};
const TAGS = new Map([
  ['ner', 'Labels'],
  ['reply', 'TextArea'],
  ['better', 'Pairwise'],
  ['rank', 'Ranker'],
  ['sentiment', 'Choices'],
]);

type Span = [start: number, end: number, label: string];
const PROMPTS: Record<string, Span[]> = {
  王小明在北京工作: [
    [0, 3, 'PER'],
    [4, 6, 'LOC'],
  ],
  'EU rejects German call': [
    [0, 2, 'ORG'],
    [11, 17, 'MISC'],
  ],
  "Apple's shares rose in New York": [[23, 31, 'LOC']],
  李雷加入腾讯: [
    [0, 2, 'PER'],
    [4, 6, 'ORG'],
  ],
};
const [T1, T2, T3, T4] = Object.keys(PROMPTS) as [string, string, string, string];
const ITEMS = [
  { id: 'a', title: 'A', body: 'first answer' },
  { id: 'b', title: 'B', body: 'second answer' },
  { id: 'c', title: 'C', body: 'third answer' },
];
const body2conll = (b: string) => readConll(b).sentences.flat().map((t) => `${t.token}/${t.tag}`).join(' ');
const bodyOf = (id: string) => ITEMS.find((i) => i.id === id)!.body;

function result(prompt: string, o: { spans: Span[]; reply: string; better: 'left' | 'right'; rank: string[]; sentiment: string }) {
  const points = Array.from(prompt);
  return [
    ...o.spans.map(([start, end, label], i) => ({
      id: `s${i}`,
      from_name: 'ner',
      to_name: 'prompt',
      type: 'labels',
      value: { start, end, text: points.slice(start, end).join(''), labels: [label] },
    })),
    { id: 'r', from_name: 'reply', to_name: 'prompt', type: 'textarea', value: { text: [o.reply] } },
    { id: 'p', from_name: 'better', to_name: 'better', type: 'pairwise', value: { selected: o.better } },
    { id: 'k', from_name: 'rank', to_name: 'items', type: 'ranker', value: { ranker: { rank: o.rank } } },
    { id: 'c', from_name: 'sentiment', to_name: 'prompt', type: 'choices', value: { choices: [o.sentiment] } },
  ];
}

const workerAnswer = (prompt: string, w: number) =>
  result(prompt, { spans: PROMPTS[prompt]!, reply: `reply ${w}: ${prompt}`, better: w === 0 ? 'left' : 'right', rank: w === 0 ? ['a', 'b', 'c'] : ['c', 'b', 'a'], sentiment: 'positive' });
const CORRECTED = result(T2, { spans: [[0, 2, 'ORG'], [11, 17, 'LOC']], reply: 'corrected reply', better: 'right', rank: ['b', 'a', 'c'], sentiment: 'negative' });
const ADJUDICATED = result(T3, { spans: [[0, 5, 'ORG'], [23, 31, 'LOC']], reply: 'adjudicated reply', better: 'left', rank: ['c', 'a', 'b'], sentiment: 'neutral' });

describe.each(DIALECTS)('training exports and final answers on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let client: ApiClient;
  let workers: ApiClient[];
  let projectId: number;
  const taskOf = new Map<string, number>();
  const answerOf = new Map<string, number>(); // `${prompt}|${worker}` -> annotation id

  const download = async (who: ApiClient, query: string) => {
    const res = await fetch(`${server.baseUrl}/api/projects/${projectId}/export?${query}`, { headers: { cookie: who.cookie } });
    expect(res.status, await res.clone().text()).toBe(200);
    return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') };
  };
  const text = async (query: string, who = manager) => new TextDecoder('utf-8', { ignoreBOM: true }).decode((await download(who, query)).bytes);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const people = await seedPeople(server, 2);
    manager = people.manager;
    workers = people.workers;
    const created = await manager.request('POST', '/api/projects', { name: 'training', labelConfig: CONFIG, overlap: 2 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    projectId = created.body.project.id;
    const lines = Object.keys(PROMPTS).map((prompt) => JSON.stringify({ prompt, left: `${prompt} / left`, right: `${prompt} / right`, items: ITEMS }));
    expect((await uploadTasks(manager, projectId, 't.jsonl', lines.join('\n'))).status).toBe(201);
    for (const [w, worker] of people.workers.entries()) {
      for (;;) {
        const next = await worker.request('POST', `/api/projects/${projectId}/next`);
        if (next.status === 204) break;
        const prompt = next.body.assignment.data.prompt as string;
        taskOf.set(prompt, next.body.assignment.taskId);
        if (w === 1 && prompt === T4) {
          expect((await worker.request('POST', `/api/assignments/${next.body.assignment.id}/skip`)).status).toBe(200);
          continue;
        }
        const submitted = await worker.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: workerAnswer(prompt, w), idempotencyKey: `${prompt}-${w}` });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        answerOf.set(`${prompt}|${w}`, submitted.body.annotation.id);
      }
    }
    expect(answerOf.size).toBe(7);
    const reviewer = await userWithRole(server, 'reviewer');
    const review = (annotation: string, body: unknown) => reviewer.request('POST', `/api/annotations/${answerOf.get(annotation)}/review`, body);
    expect((await review(`${T1}|1`, { action: 'reject', reasonCode: 'wrong_label', comment: 'see rule 3' })).status).toBe(201);
    const corrected = await review(`${T2}|0`, { action: 'correct', result: CORRECTED, comment: 'German is a place here' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    expect((await manager.request('POST', `/api/tasks/${taskOf.get(T3)}/adjudicate`, { result: ADJUDICATED })).status).toBe(200);
    client = await userWithRole(server, 'client');
    expect((await manager.request('POST', `/api/projects/${projectId}/clients`, { userId: client.userId })).status).toBe(200);
  }, 180_000);
  afterAll(async () => server?.stop());

  it('conll: CoNLL-2003 documents of each task final spans, IOB2 tags on tokenizeText tokens', async () => {
    const file = await download(manager, 'format=conll');
    expect(file.type).toBe('text/plain; charset=utf-8');
    expect(file.disposition).toContain(`project-${projectId}.conll`);
    const { docs, sentences } = readConll(new TextDecoder().decode(file.bytes));
    // One document per task: the rejected answer of T1 and the skip of T4 leave one answer each; T2 is the
    // reviewer's correction and T3 the adjudication.
    expect(docs).toBe(4);
    const tagged = (s: { token: string; tag: string }[]) => s.map((t) => `${t.token}/${t.tag}`).join(' ');
    expect(sentences.map(tagged)).toEqual([
      '王/B-PER 小/I-PER 明/I-PER 在/O 北/B-LOC 京/I-LOC 工/O 作/O',
      'EU/B-ORG rejects/O German/B-LOC call/O',
      "Apple's/B-ORG shares/O rose/O in/O New/B-LOC York/I-LOC",
      '李/B-PER 雷/I-PER 加/O 入/O 腾/B-ORG 讯/I-ORG',
    ]);
  });

  it('preference: a pair from each pairwise answer and n(n-1)/2 from each ranking, prompt from the other text', async () => {
    const records = readJsonl(await text('format=preference'));
    expect(records).toHaveLength(4 * (1 + 3));
    for (const r of records) expect(Object.keys(r).slice(0, 3)).toEqual(['prompt', 'chosen', 'rejected']);
    const ofTask = (prompt: string) => records.filter((r) => r.task_id === taskOf.get(prompt));
    const t2 = ofTask(T2);
    expect(t2.every((r) => r.answer_source === 'review' && r.prompt === T2 && r.annotation_id === answerOf.get(`${T2}|0`))).toBe(true);
    expect(t2.find((r) => r.control === 'better')).toMatchObject({ chosen: `${T2} / right`, rejected: `${T2} / left` });
    expect(t2.filter((r) => r.control === 'rank').map((r) => [r.chosen, r.rejected])).toEqual([
      [bodyOf('b'), bodyOf('a')],
      [bodyOf('b'), bodyOf('c')],
      [bodyOf('a'), bodyOf('c')],
    ]);
    expect(ofTask(T3).map((r) => r.answer_source)).toEqual(['adjudication', 'adjudication', 'adjudication', 'adjudication']);
    expect(ofTask(T3).find((r) => r.control === 'better')).toMatchObject({ chosen: `${T3} / left` });
    // T1: worker 1's answer was rejected, so worker 0's is the only one standing.
    expect(ofTask(T1).every((r) => r.answer_source === 'single' && r.annotator === 'a0@t.local')).toBe(true);
    expect(ofTask(T1).find((r) => r.control === 'better')).toMatchObject({ chosen: `${T1} / left` });
  });

  it('sft: prompt and response from the textarea, one record per final answer', async () => {
    const records = readJsonl(await text('format=sft'));
    expect(records.map((r) => [r.prompt, r.response, r.answer_source])).toEqual([
      [T1, `reply 0: ${T1}`, 'single'],
      [T2, 'corrected reply', 'review'],
      [T3, 'adjudicated reply', 'adjudication'],
      [T4, `reply 0: ${T4}`, 'single'],
    ]);
    const keyed = readJsonl(await text('format=sft&prompt_key=left'));
    expect(keyed.map((r) => r.prompt)).toEqual(Object.keys(PROMPTS).map((p) => `${p} / left`));
  });

  it("ls-json-min: what Label Studio's converter writes for the same tasks and final answers", async () => {
    const ours = JSON.parse(await text('format=ls-json-min')) as Record<string, unknown>[];
    const tasks = JSON.parse(await text('format=ls-json')) as any[];
    expect(ours.map((r) => r.answer_source)).toEqual(['single', 'review', 'adjudication', 'single']);
    // The converter run on each task with its final answer as the only annotation: the answer itself when it is a
    // worker's, else one by nobody (`completed_by: {}` is the converter's "nobody").
    const expected = labelStudioJsonMin(
      tasks.map((t) => {
        const own = t.annotations.find((a: any) => a.id === t.final_answer.annotation_id);
        const decided = { id: t.final_answer.annotation_id ?? undefined, completed_by: {}, result: t.final_answer.result, created_at: ours.find((r) => r.id === t.id)!.created_at };
        return { id: t.id, data: t.data, annotations: [t.final_answer.answer_source === 'single' ? own : decided] };
      }),
      TAGS,
    );
    expect(ours.map(({ answer_source: _, ...rest }) => rest)).toEqual(expected);
    expect(ours[0]).toMatchObject({ annotator: workers[0]!.userId, reply: `reply 0: ${T1}`, sentiment: 'positive' });
    expect(ours[1]).toMatchObject({ sentiment: 'negative', reply: 'corrected reply', better: [{ selected: 'right' }], annotation_id: answerOf.get(`${T2}|0`), annotator: null });
    expect(ours[1]!.ner).toEqual(CORRECTED.filter((r) => r.from_name === 'ner').map((r) => r.value));
  });

  it('ls-json-min and csv: answers nobody decided are each written as Label Studio writes them, then the aggregate', async () => {
    const other = await manager.request('POST', '/api/projects', { name: 'undecided', labelConfig: SENTIMENT_CONFIG, overlap: 2 });
    const id = other.body.project.id as number;
    expect((await uploadTasks(manager, id, 'u.jsonl', JSON.stringify({ text: 'both answered' }))).status).toBe(201);
    for (const [w, worker] of workers.entries()) {
      const next = await worker.request('POST', `/api/projects/${id}/next`);
      const submitted = await worker.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer(w === 0 ? 'positive' : 'negative'), idempotencyKey: `u${w}` });
      expect(submitted.status).toBe(200);
    }
    expect((await uploadTasks(manager, id, 'v.jsonl', JSON.stringify({ text: 'no answers' }))).status).toBe(201);
    const get = async (f: string) => (await fetch(`${server.baseUrl}/api/projects/${id}/export?format=${f}`, { headers: { cookie: manager.cookie } })).text();
    const schema = new Map([['sentiment', 'Choices']]);
    const tasks = JSON.parse(await get('ls-json')) as any[];
    const undecided = JSON.parse(await get('ls-json-min')) as Record<string, unknown>[];
    expect(undecided.map((r) => `${String(r.answer_source)}:${String(r.sentiment)}`).sort()).toEqual(['annotator:negative', 'annotator:positive', 'null:undefined']);
    // Nothing decided: exactly what Label Studio's converter makes of the full export.
    expect(undecided.map(({ answer_source: _, ...rest }) => rest)).toEqual(labelStudioJsonMin(tasks, schema));
    expect(tasks.map((t) => t.final_answer)).toEqual([null, null]);

    const job = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'mv' });
    expect((await waitForJob(manager, job.body.job.id)).status).toBe('done');
    const aggregated = JSON.parse(await get('ls-json-min')) as Record<string, unknown>[];
    expect(aggregated.map((r) => r.answer_source)).toEqual(['aggregate', null]);
    expect(aggregated[0]).toMatchObject({ annotator: null, annotation_id: null, lead_time: null });
    expect(['positive', 'negative']).toContain(aggregated[0]!.sentiment);
    const rows = (await get('csv&bom=false')).trimEnd().split('\r\n');
    expect(rows.map((r) => r.split(',').slice(-2).join(','))).toEqual(['answer_source,review_status', 'annotator,', 'annotator,', 'aggregate,', ',']);
  });

  it('ls-json and jsonl: each answer carries its review, each task its final answer', async () => {
    const tasks = JSON.parse(await text('format=ls-json')) as any[];
    const byPrompt = new Map(tasks.map((t) => [t.data.prompt as string, t]));
    const t2 = byPrompt.get(T2);
    expect(t2.final_answer).toEqual({ answer_source: 'review', result: CORRECTED, annotation_id: answerOf.get(`${T2}|0`) });
    const corrected = t2.annotations.find((a: any) => a.id === answerOf.get(`${T2}|0`));
    expect(corrected.result).toEqual(workerAnswer(T2, 0)); // the worker's own answer stays as it was stored
    expect(corrected.review).toMatchObject({ status: 'corrected', corrected_result: CORRECTED, comment: 'German is a place here', reason_code: null });
    expect(t2.annotations.find((a: any) => a.id === answerOf.get(`${T2}|1`)).review).toBeUndefined();
    const rejected = byPrompt.get(T1).annotations.find((a: any) => a.id === answerOf.get(`${T1}|1`));
    expect(rejected.review).toMatchObject({ status: 'rejected', reason_code: 'wrong_label', comment: 'see rule 3' });
    expect(byPrompt.get(T3).final_answer).toMatchObject({ answer_source: 'adjudication', result: ADJUDICATED, annotation_id: null });
    expect(byPrompt.get(T1).final_answer).toEqual({ answer_source: 'single', result: workerAnswer(T1, 0), annotation_id: answerOf.get(`${T1}|0`) });
    expect(readJsonl(await text('format=jsonl'))).toEqual(tasks);

    // A client sees the review state, not the reviewer or the comment.
    const seen = JSON.parse(await text('format=ls-json', client)) as any[];
    const review = seen.find((t) => t.data.prompt === T1).annotations.find((a: any) => a.review !== undefined).review;
    expect(review).toMatchObject({ status: 'rejected', reason_code: 'wrong_label', reviewer: null });
    expect(review).not.toHaveProperty('comment');
    expect(JSON.stringify(seen)).not.toContain('see rule 3');
  });

  it('csv: UTF-8 with a BOM unless bom=false; a decided task has a row for its final answer', async () => {
    const withBom = (await download(manager, 'format=csv')).bytes;
    expect([...withBom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = (await download(manager, 'format=csv&bom=false')).bytes;
    expect(plain[0]).toBe('t'.charCodeAt(0));
    expect(withBom.slice(3)).toEqual(plain);
    const rows = new TextDecoder().decode(plain).trimEnd().split('\r\n');
    expect(rows[0]).toBe('task_id,external_id,prompt,left,right,items,annotation_id,annotator,ner,reply,better,rank,sentiment,lead_time_s,created_at,answer_source,review_status');
    const t2 = rows.filter((r) => r.startsWith(`${taskOf.get(T2)},`));
    expect(t2).toHaveLength(3);
    const finalRow = t2.find((r) => r.includes(',review,'))!;
    expect(finalRow).toContain(',negative,');
    expect(finalRow).toContain('corrected reply');
    expect(rows.filter((r) => r.includes(',corrected')).length).toBe(1); // the corrected answer's review_status
    expect(rows.find((r) => r.startsWith(`${taskOf.get(T1)},`) && r.includes(',single,'))).toContain('a0@t.local');
    // The audit counts the records written (the header aside): 7 answers and the 2 decided tasks.
    expect(rows).toHaveLength(1 + 7 + 2);
    const audit = await server.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'project.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.data)).toMatchObject({ format: 'csv', rows: 9 });
  });

  it("makes a reviewer's correction the task's final answer in every format", async () => {
    const t2 = taskOf.get(T2)!;
    const original = [`reply 0: ${T2}`, `reply 1: ${T2}`];
    const checks: Record<ExportFormat, (body: string) => void> = {
      'ls-json': (b) => expect((JSON.parse(b) as any[]).find((t) => t.id === t2).final_answer).toMatchObject({ answer_source: 'review', result: CORRECTED }),
      jsonl: (b) => expect(readJsonl(b).find((t) => t.id === t2)!.final_answer).toMatchObject({ answer_source: 'review', result: CORRECTED }),
      csv: (b) => expect(b.split('\r\n').filter((r) => r.startsWith(`${t2},`) && r.includes(',review,') && r.includes('corrected reply'))).toHaveLength(1),
      'ls-json-min': (b) => expect((JSON.parse(b) as any[]).filter((r) => r.id === t2)).toEqual([expect.objectContaining({ answer_source: 'review', reply: 'corrected reply' })]),
      conll: (b) => expect(b).toContain('German -X- _ B-LOC\n'),
      preference: (b) => expect(readJsonl(b).filter((r) => r.task_id === t2).map((r) => r.answer_source)).toEqual(['review', 'review', 'review', 'review']),
      sft: (b) => expect(readJsonl(b).filter((r) => r.task_id === t2).map((r) => [r.response, r.answer_source])).toEqual([['corrected reply', 'review']]),
    };
    for (const format of EXPORT_FORMATS) {
      const body = await text(`format=${format}&bom=false`);
      checks[format](body);
      // The answers the correction replaced are no training data: only the full exports keep them.
      if (!['ls-json', 'jsonl', 'csv'].includes(format)) for (const o of original) expect(body, format).not.toContain(o);
    }
    expect(body2conll(await text('format=conll'))).not.toContain('German/B-MISC');
  });

  it('refuses a format the label config gives nothing to, and options a format does not read, before any byte', async () => {
    const other = await manager.request('POST', '/api/projects', { name: 'choices only', labelConfig: SENTIMENT_CONFIG });
    const id = other.body.project.id as number;
    for (const format of ['conll', 'preference', 'sft']) {
      const res = await manager.request('GET', `/api/projects/${id}/export?format=${format}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('format_not_applicable');
    }
    const unused = await manager.request('GET', `/api/projects/${projectId}/export?format=csv&prompt_key=left`);
    expect(unused.status).toBe(400);
    expect(unused.body.error.message).toContain('promptKey');
    expect((await manager.request('GET', `/api/projects/${projectId}/export?format=csv&bom=no`)).status).toBe(400);
  });

  it('the CLI writes the same files (--format, --no-bom, --prompt-key) and removes a refused one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-export-'));
    const cli = (...args: string[]) => run('node', [BIN, 'export', '--project', String(projectId), '--as', 'manager@t.local', ...args], { env: { ...process.env, ...server.env } });
    await cli('--format', 'conll', '--out', path.join(dir, 'a.conll'));
    expect(fs.readFileSync(path.join(dir, 'a.conll'), 'utf8')).toBe(await text('format=conll'));
    await cli('--format', 'csv', '--no-bom', '--out', path.join(dir, 'a.csv'));
    expect(fs.readFileSync(path.join(dir, 'a.csv'))[0]).toBe('t'.charCodeAt(0));
    await cli('--format', 'preference', '--prompt-key', 'right', '--out', path.join(dir, 'p.jsonl'));
    expect(readJsonl(fs.readFileSync(path.join(dir, 'p.jsonl'), 'utf8')).every((r) => String(r.prompt).endsWith(' / right'))).toBe(true);
    await expect(cli('--format', 'csv', '--prompt-key', 'x', '--out', path.join(dir, 'bad.csv'))).rejects.toMatchObject({ stderr: expect.stringContaining('promptKey') });
    expect(fs.readdirSync(dir).sort()).toEqual(['a.conll', 'a.csv', 'p.jsonl']);
  }, 120_000);
});
