import { boxAgreement, type BoxAnswer, type DrawnBox } from '@biaozhu/core/quality/box-aggregation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlRows, waitForJob } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/** Boxes drawn by three annotators on the same images: the aggregation job keeps the objects most of them drew. */
const CONFIG = {
  objects: [{ type: 'image', name: 'image', value: 'image' }],
  controls: [{ type: 'rectangles', name: 'box', toName: 'image', labels: [{ value: 'car' }, { value: 'person' }] }],
};
const TASKS = 4;
const WORKERS = 3;

interface Drawn {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

/** Worker w on image n: a car all three draw (w1 a little shifted), a person w0 and w1 draw, a stray box of w2's. */
function boxesOf(w: number, n: number): Drawn[] {
  const car = { x: 10 + n, y: 10, width: 30, height: 20, label: 'car' };
  const person = { x: 60, y: 40 + n, width: 10, height: 30, label: 'person' };
  if (w === 0) return [car, person];
  if (w === 1) return [{ ...car, x: car.x + 1 }, { ...person, height: 28 }];
  return [{ ...car, y: 11 }, { x: 80, y: 5, width: 5, height: 5, label: 'person' }];
}

const resultOf = (w: number, n: number) =>
  boxesOf(w, n).map((b, i) => ({
    id: `b${i}`,
    from_name: 'box',
    to_name: 'image',
    type: 'rectanglelabels',
    original_width: 640,
    original_height: 480,
    image_rotation: 0,
    value: { x: b.x, y: b.y, width: b.width, height: b.height, rotation: 0, rectanglelabels: [b.label] },
  }));

const drawnBox = (b: Drawn): DrawnBox => ({ ...b, rotation: 0, bounds: { x: b.x, y: b.y, width: b.width, height: b.height } });

describe.each(DIALECTS)('aggregating boxes on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let projectId: number;
  const nOf = new Map<number, number>();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const people = await seedPeople(server, WORKERS);
    manager = people.manager;
    const created = await manager.request('POST', '/api/projects', { name: 'boxes', labelConfig: CONFIG, overlap: WORKERS });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    projectId = created.body.project.id;
    const lines = Array.from({ length: TASKS }, (_, n) => JSON.stringify({ n, image: `https://images.example/${n}.jpg` }));
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

  it('keeps one consensus box per object most annotators drew, with the majority label, and drops a stray box', async () => {
    const started = await manager.request('POST', `/api/projects/${projectId}/aggregate`, {});
    expect(started.status).toBe(202);
    const job = await waitForJob(manager, started.body.job.id);
    expect(job.status, job.error).toBe('done');
    const rows = jsonlRows((await manager.request('GET', `/api/projects/${projectId}/aggregates?format=jsonl`)).body);
    expect(rows).toHaveLength(TASKS);
    for (const row of rows) {
      const n = nOf.get(row.task_id)!;
      const boxes = row.result.filter((i: any) => i.from_name === 'box');
      expect(boxes.map((b: any) => [b.type, b.to_name, b.value.rectanglelabels[0]]).sort()).toEqual([
        ['rectanglelabels', 'image', 'car'],
        ['rectanglelabels', 'image', 'person'],
      ]);
      const car = boxes.find((b: any) => b.value.rectanglelabels[0] === 'car');
      // the median of the three cars: x of w0/w2 (10 + n), y of w0/w1 (10)
      expect(car.value).toMatchObject({ x: 10 + n, y: 10, width: 30, height: 20 });
      const person = boxes.find((b: any) => b.value.rectanglelabels[0] === 'person');
      expect(person.value.x).toBe(60); // the stray box at x 80 is not it
    }
  });

  it('reports F1 at IoU 0.5 and the mean IoU on the quality API, as the library computes them', async () => {
    const res = await manager.request('GET', `/api/projects/${projectId}/quality`);
    expect(res.status).toBe(200);
    const [report] = res.body.boxes;
    const images: BoxAnswer[][] = Array.from({ length: TASKS }, (_, n) => Array.from({ length: WORKERS }, (_, w) => ({ worker: `w${w}`, boxes: boxesOf(w, n).map(drawnBox) })));
    const expected = boxAgreement(images, 0.5);
    expect(report.control).toBe('box');
    expect(report.sharedTasks).toBe(TASKS);
    expect(report.pairs).toBe(TASKS * 3);
    expect(report.f1).toBeCloseTo(expected.f1!, 10);
    expect(report.meanIou).toBeCloseTo(expected.meanIou!, 10);
    // w0 and w1 agree on both boxes, w2 on the car only: agreement is real but not perfect
    expect(report.f1).toBeGreaterThan(0.5);
    expect(report.f1).toBeLessThan(1);
  });
});
