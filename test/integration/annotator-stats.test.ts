import { wilsonInterval } from '@biaozhu/core/quality/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldLine, qualityProject, texts, userWithRole, waitForJob } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { answer, seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** What one worker does with each task text: answer a choice in some active time, skip it, or let the lease run out. */
type Act = { choice: string; ms: number } | 'skip' | 'expire';

const GOLD: Record<string, string> = { g0: 'negative', g1: 'positive' };
const PLANS: Record<string, Act>[] = [
  {
    g0: { choice: 'negative', ms: 4000 },
    g1: { choice: 'positive', ms: 6000 },
    t0: { choice: 'positive', ms: 1000 },
    t1: { choice: 'positive', ms: 2000 },
    t2: { choice: 'negative', ms: 3000 },
    t3: 'skip',
  },
  {
    g0: { choice: 'negative', ms: 10_000 },
    g1: { choice: 'negative', ms: 20_000 },
    t0: { choice: 'positive', ms: 30_000 },
    t1: { choice: 'negative', ms: 40_000 },
    t2: { choice: 'negative', ms: 50_000 },
    t3: 'expire',
  },
  {
    g0: { choice: 'positive', ms: 500 },
    g1: { choice: 'positive', ms: 700 },
    t0: { choice: 'negative', ms: 900 },
    t1: { choice: 'positive', ms: 1100 },
    t2: { choice: 'negative', ms: 1300 },
    t3: { choice: 'negative', ms: 1500 },
  },
];

/** Sorted ascending, type-7 quantile: the definition docs/quality.md gives, written out again here. */
function expectedQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  return s[Math.floor(h)]! + (h - Math.floor(h)) * (s[Math.ceil(h)]! - s[Math.floor(h)]!);
}

/** Splits a CSV of plain cells (no quotes in these rows) into rows of cells. */
const csvRows = (text: string) => text.split('\r\n').filter((l) => l !== '').map((l) => l.split(','));

describe.each(DIALECTS)('annotator statistics on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let workers: ApiClient[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager, workers } = await seedPeople(server, 3));
  });
  afterAll(async () => server?.stop());

  it('reports per annotator what they did: answers, pace, skips, expiries, rejections, agreement with the consensus and gold accuracy', async () => {
    const id = await qualityProject(manager, [goldLine('g0', GOLD.g0!), goldLine('g1', GOLD.g1!), ...texts(4)], 3, { goldRate: 1 });
    const done: { worker: number; text: string; choice: string; ms: number; at: number; annotationId: number }[] = [];
    let key = 0;
    for (const [w, plan] of PLANS.entries()) {
      let held: number | undefined;
      for (;;) {
        if (held !== undefined) {
          server.clock.advance(11 * 60 * 1000); // past the 10-minute lease: the next claim sweeps it
          held = undefined;
        }
        const next = await workers[w]!.request('POST', `/api/projects/${id}/next`);
        if (next.status === 204) break;
        expect(next.status).toBe(200);
        const { id: assignmentId, data } = next.body.assignment as { id: number; data: { text: string } };
        const act = plan[data.text]!;
        if (act === 'skip') {
          expect((await workers[w]!.request('POST', `/api/assignments/${assignmentId}/skip`)).status).toBe(200);
        } else if (act === 'expire') {
          held = assignmentId;
        } else {
          server.clock.advance(60_000);
          const submitted = await workers[w]!.request('POST', `/api/assignments/${assignmentId}/submit`, {
            result: answer(act.choice),
            leadTimeMs: act.ms,
            idempotencyKey: `s${key++}`,
          });
          expect(submitted.status).toBe(200);
          done.push({ worker: w, text: data.text, choice: act.choice, ms: act.ms, at: server.clock.now, annotationId: submitted.body.annotation.id });
        }
      }
    }
    // Every planned answer was given: the plan's figures are what the workers did.
    expect(done.length).toBe(PLANS.reduce((n, p) => n + Object.values(p).filter((a) => typeof a === 'object').length, 0));

    const reviewer = await userWithRole(server, 'reviewer');
    const verdicts: { worker: number; text: string; action: 'accept' | 'reject' }[] = [
      { worker: 0, text: 't0', action: 'accept' },
      { worker: 1, text: 't1', action: 'accept' },
      { worker: 2, text: 't0', action: 'reject' },
    ];
    for (const v of verdicts) {
      const a = done.find((d) => d.worker === v.worker && d.text === v.text)!;
      const body = v.action === 'reject' ? { action: 'reject', reasonCode: 'wrong_label' } : { action: 'accept' };
      expect((await reviewer.request('POST', `/api/annotations/${a.annotationId}/review`, body)).status).toBe(201);
    }
    const started = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'mv' });
    expect((await waitForJob(manager, started.body.job.id)).status).toBe('done');

    // The consensus as the test sees it: the choice most of a task's answers gave (no task here is a tie).
    const consensus = new Map<string, string>();
    for (const text of ['t0', 't1', 't2', 't3']) {
      const votes = new Map<string, number>();
      for (const d of done.filter((d) => d.text === text)) votes.set(d.choice, (votes.get(d.choice) ?? 0) + 1);
      consensus.set(text, [...votes.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
    }

    const res = await manager.request('GET', `/api/projects/${id}/annotator-stats?bucket=day&utcOffset=480`);
    expect(res.status).toBe(200);
    expect(res.body.agreementControls).toEqual(['sentiment']);
    const rows = res.body.annotators as any[];
    expect(rows.map((r) => r.userId).sort()).toEqual(workers.map((w) => w.userId).sort());
    for (const [w, plan] of PLANS.entries()) {
      const mine = done.filter((d) => d.worker === w);
      const acts = Object.values(plan);
      const skipped = acts.filter((a) => a === 'skip').length;
      const expired = acts.filter((a) => a === 'expire').length;
      const activeMs = mine.reduce((n, d) => n + d.ms, 0);
      const days = new Set(mine.map((d) => new Date(d.at + 480 * 60_000).toISOString().slice(0, 10)));
      const ordinary = mine.filter((d) => !(d.text in GOLD));
      const gold = mine.filter((d) => d.text in GOLD);
      const reviewed = verdicts.filter((v) => v.worker === w);
      const row = rows.find((r) => r.userId === workers[w]!.userId);
      expect(row).toMatchObject({
        email: `a${w}@t.local`,
        answers: mine.length,
        activeMs,
        activeBuckets: days.size,
        skipped,
        expired,
        reviewed: reviewed.length,
        rejected: reviewed.filter((v) => v.action === 'reject').length,
        agreement: {
          compared: ordinary.length,
          agreed: ordinary.filter((d) => d.choice === consensus.get(d.text)).length,
        },
        gold: wilsonInterval(gold.filter((d) => d.choice === GOLD[d.text]).length, gold.length),
      });
      expect(row.answersPerActiveHour).toBeCloseTo(mine.length / (activeMs / 3_600_000), 6);
      expect(row.answersPerActiveBucket).toBeCloseTo(mine.length / days.size, 6);
      expect(row.medianTaskMs).toBeCloseTo(expectedQuantile(mine.map((d) => d.ms), 0.5), 6);
      expect(row.p90TaskMs).toBeCloseTo(expectedQuantile(mine.map((d) => d.ms), 0.9), 6);
      expect(row.skipRate).toBeCloseTo(skipped / (mine.length + skipped), 6);
      expect(row.expiryRate).toBeCloseTo(expired / (mine.length + skipped + expired), 6);
      if (reviewed.length === 0) expect(row.rejectionRate).toBeNull();
      else expect(row.rejectionRate).toBeCloseTo(reviewed.filter((v) => v.action === 'reject').length / reviewed.length, 6);
      expect(row.agreement.rate).toBeCloseTo(row.agreement.agreed / ordinary.length, 6);

      // The series adds up to the same answers and active hours, per local day.
      const line = res.body.series.annotators.find((l: any) => l.worker === row.worker);
      for (const day of days) {
        const i = res.body.series.buckets.indexOf(day);
        expect(i).toBeGreaterThanOrEqual(0);
        const onDay = mine.filter((d) => new Date(d.at + 480 * 60_000).toISOString().slice(0, 10) === day);
        expect(line.answers[i]).toBe(onDay.length);
        expect(line.activeHours[i]).toBeCloseTo(onDay.reduce((n, d) => n + d.ms, 0) / 3_600_000, 9);
      }
      expect(line.answers.reduce((n: number, v: number) => n + v, 0)).toBe(mine.length);
    }
    // The worker who disagreed with the others on t0 is the one whose agreement is below 1.
    expect(rows.find((r) => r.userId === workers[2]!.userId).agreement.rate).toBeLessThan(1);

    // A period after all the work holds nobody; a period is checked.
    const later = new Date(server.clock.now + 1).toISOString();
    expect((await manager.request('GET', `/api/projects/${id}/annotator-stats?from=${encodeURIComponent(later)}`)).body.annotators).toEqual([]);
    const bad = await manager.request('GET', `/api/projects/${id}/annotator-stats?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('from');
    expect((await manager.request('GET', `/api/projects/${id}/annotator-stats?bucket=week`)).status).toBe(400);

    // Hours: the same answers, split by the hour they were given in.
    const hourly = await manager.request('GET', `/api/projects/${id}/annotator-stats?bucket=hour`);
    const hours = new Set(done.filter((d) => d.worker === 1).map((d) => Math.floor(d.at / 3_600_000)));
    expect(hourly.body.annotators.find((r: any) => r.userId === workers[1]!.userId).activeBuckets).toBe(hours.size);

    // Annotators see no one's statistics; a client of the project sees pseudonyms only.
    expect((await workers[0]!.request('GET', `/api/projects/${id}/annotator-stats`)).status).toBe(403);
    const client = await userWithRole(server, 'client');
    await manager.request('POST', `/api/projects/${id}/clients`, { userId: client.userId });
    const seen = await client.request('GET', `/api/projects/${id}/annotator-stats`);
    expect(seen.status).toBe(200);
    expect(seen.body.annotators.every((r: any) => r.userId === null && r.email === null && r.name === null)).toBe(true);
    const pseudonyms = new Map(rows.map((r) => [r.worker, r.answers]));
    expect(new Map(seen.body.annotators.map((r: any) => [r.worker, r.answers]))).toEqual(pseudonyms);

    // The CSV: BOM, header, one row per annotator with the same figures.
    const csv = await fetch(`${server.baseUrl}/api/projects/${id}/annotator-stats.csv?lang=zh-CN`, { headers: { cookie: manager.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = csvRows(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    expect(header).toContain('提交数');
    const answersAt = header!.indexOf('提交数');
    const emailAt = header!.indexOf('邮箱');
    expect(lines.length).toBe(3);
    for (const [w] of PLANS.entries()) {
      const line = lines.find((l) => l[emailAt] === `a${w}@t.local`)!;
      expect(Number(line[answersAt])).toBe(done.filter((d) => d.worker === w).length);
    }
    const english = await fetch(`${server.baseUrl}/api/projects/${id}/annotator-stats.csv`, { headers: { cookie: manager.cookie } });
    expect(csvRows((await english.text()).replace(/^\uFEFF/, ''))[0]).toContain('gold_low_95');
  });

  it('compares spans with the consensus spans of the same tasks by F1', async () => {
    const config = { objects: [{ type: 'text', name: 'text', value: 'text' }], controls: [{ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'LOC' }, { value: 'ORG' }] }] };
    const created = await manager.request('POST', '/api/projects', { name: `spans ${Date.now()}`, labelConfig: config, overlap: 3 });
    expect(created.status).toBe(201);
    const id = created.body.project.id as number;
    const A = '张伟在北京工作。';
    const B = '李娜在上海的华为工作。';
    expect((await uploadTasks(manager, id, 'spans.jsonl', [A, B].map((text) => JSON.stringify({ text })).join('\n'))).status).toBe(201);
    type S = [number, number, string];
    const marks: Record<string, S[]>[] = [
      { [A]: [[0, 2, 'PER'], [3, 5, 'LOC']], [B]: [[0, 2, 'PER'], [3, 5, 'LOC'], [6, 8, 'ORG']] },
      { [A]: [[0, 2, 'PER'], [3, 5, 'LOC']], [B]: [[0, 2, 'PER'], [6, 7, 'ORG']] },
      { [A]: [[0, 2, 'PER']], [B]: [[0, 2, 'PER'], [3, 5, 'LOC']] },
    ];
    for (const [w, plan] of marks.entries()) {
      for (;;) {
        const next = await workers[w]!.request('POST', `/api/projects/${id}/next`);
        if (next.status === 204) break;
        const text = next.body.assignment.data.text as string;
        const result = plan[text]!.map(([start, end, label], i) => ({
          id: `s${i}`, from_name: 'ner', to_name: 'text', type: 'labels', value: { start, end, text: [...text].slice(start, end).join(''), labels: [label] },
        }));
        const submitted = await workers[w]!.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result, leadTimeMs: 1000, idempotencyKey: `span-${id}-${w}-${text}` });
        expect(submitted.status).toBe(200);
      }
    }
    const started = await manager.request('POST', `/api/projects/${id}/aggregate`, { method: 'mv', spanMatch: 'exact' });
    expect((await waitForJob(manager, started.body.job.id)).status).toBe('done');

    // The consensus as the test sees it: the exact spans more than half of the three workers marked.
    const key = ([start, end, label]: S) => `${start}:${end}:${label}`;
    const consensus = new Map<string, Set<string>>();
    for (const text of [A, B]) {
      const votes = new Map<string, number>();
      for (const plan of marks) for (const s of plan[text]!) votes.set(key(s), (votes.get(key(s)) ?? 0) + 1);
      consensus.set(text, new Set([...votes].filter(([, n]) => n > marks.length / 2).map(([k]) => k)));
    }
    const res = await manager.request('GET', `/api/projects/${id}/annotator-stats`);
    expect(res.status).toBe(200);
    expect(res.body.spanControls).toEqual(['ner']);
    for (const [w, plan] of marks.entries()) {
      let matched = 0;
      let total = 0;
      for (const text of [A, B]) {
        const c = consensus.get(text)!;
        matched += plan[text]!.filter((s) => c.has(key(s))).length;
        total += plan[text]!.length + c.size;
      }
      const row = res.body.annotators.find((r: any) => r.userId === workers[w]!.userId);
      expect(row.spanAgreement.tasks).toBe(2);
      expect(row.spanAgreement.f1).toBeCloseTo((2 * matched) / total, 9);
    }
    // Nobody marked every consensus span and nothing else but the first two workers on the first text: F1 differs by worker.
    expect(new Set(res.body.annotators.map((r: any) => r.spanAgreement.f1.toFixed(6))).size).toBeGreaterThan(1);
  });

  it('keeps a name that looks like a formula as text in the CSV', async () => {
    const id = await qualityProject(manager, texts(1, 'f'), 1);
    await server.db.kysely.updateTable('users').set({ name: '=HYPERLINK("http://x.test","y")' }).where('id', '=', workers[0]!.userId).execute();
    const next = await workers[0]!.request('POST', `/api/projects/${id}/next`);
    await workers[0]!.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answer('neutral'), leadTimeMs: 1000, idempotencyKey: `f-${id}` });
    const csv = await (await fetch(`${server.baseUrl}/api/projects/${id}/annotator-stats.csv`, { headers: { cookie: manager.cookie } })).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://x.test"",""y"")"`);
  });
});
