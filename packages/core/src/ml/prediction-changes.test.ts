import { describe, expect, it } from 'vitest';
import { iou, predictionChanges } from './prediction-changes.js';

const span = (id: string, start: number, end: number, label: string) => ({ id, from_name: 'ner', to_name: 'text', type: 'labels', value: { start, end, text: 'x', labels: [label] } });
const box = (id: string, x: number, y: number, w: number, h: number, label = 'car', rotation = 0) => ({
  id,
  from_name: 'box',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 800,
  original_height: 600,
  value: { x, y, width: w, height: h, rotation, rectanglelabels: [label] },
});
const polygon = (id: string, points: number[][], label = 'road') => ({ id, from_name: 'poly', to_name: 'image', type: 'polygonlabels', value: { points, polygonlabels: [label] } });
const choice = (choices: string[], id = 'c1') => ({ id, from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices } });

describe('what an answer kept of its prediction', () => {
  it('reports an answer submitted as predicted as unchanged, whatever ids the workspace gave', () => {
    const predicted = [span('p1', 0, 2, 'PER'), choice(['positive'])];
    const answered = [span('w9', 0, 2, 'PER'), choice(['positive'], 'w10')];
    expect(predictionChanges(predicted, answered)).toEqual({ kept: 1, moved: 0, added: 0, removed: 0, choicesKept: 1, choicesChanged: 0, unchanged: true });
  });

  it('matches spans by offsets and label: a shifted or relabelled span is one removed and one added', () => {
    const predicted = [span('a', 0, 2, 'PER'), span('b', 4, 6, 'ORG'), span('c', 8, 9, 'PER')];
    const answered = [span('a', 0, 2, 'PER'), span('b', 4, 7, 'ORG'), span('c', 8, 9, 'ORG'), span('d', 10, 12, 'PER')];
    expect(predictionChanges(predicted, answered)).toMatchObject({ kept: 1, moved: 0, removed: 2, added: 3, unchanged: false });
  });

  it('counts a box nudged within IoU 0.5 as moved, one moved far away as removed and added, an untouched one as kept', () => {
    const predicted = [box('1', 10, 10, 20, 20), box('2', 50, 50, 10, 10), box('3', 70, 5, 10, 10)];
    const answered = [box('1', 10, 10, 20, 20), box('2', 51, 51, 10, 10), box('3', 5, 70, 10, 10), box('4', 0, 0, 5, 5)];
    expect(predictionChanges(predicted, answered)).toMatchObject({ kept: 1, moved: 1, removed: 1, added: 2 });
  });

  it('does not match boxes of different labels, and matches each box once', () => {
    expect(predictionChanges([box('1', 10, 10, 20, 20, 'car')], [box('1', 10, 10, 20, 20, 'bus')])).toMatchObject({ kept: 0, removed: 1, added: 1 });
    expect(predictionChanges([box('1', 10, 10, 20, 20)], [box('a', 10, 10, 20, 20), box('b', 11, 10, 20, 20)])).toMatchObject({ kept: 1, moved: 0, added: 1 });
  });

  it('matches polygons and rotated boxes by their area', () => {
    const square = [[10, 10], [30, 10], [30, 30], [10, 30]];
    const shifted = [[12, 10], [32, 10], [32, 30], [12, 30]];
    expect(predictionChanges([polygon('p', square)], [polygon('q', shifted)])).toMatchObject({ moved: 1, kept: 0 });
    expect(predictionChanges([polygon('p', square)], [polygon('q', square.map(([x, y]) => [x! + 15, y!]))])).toMatchObject({ removed: 1, added: 1 });
    expect(iou(box('1', 10, 10, 20, 20), box('2', 20, 10, 20, 20))).toBeNull();
    expect(iou(box('1', 10, 10, 20, 20, 'car', 5), box('2', 10, 10, 20, 20, 'car', 0))).toBeGreaterThan(0.8);
  });

  it('tells kept from changed choices, also per region', () => {
    const region = box('r1', 10, 10, 20, 20);
    const perRegion = { id: 'r1', from_name: 'colour', to_name: 'image', type: 'choices', value: { choices: ['red'] } };
    const answeredRegion = { ...region, id: 'w1' };
    const out = predictionChanges([choice(['positive']), region, perRegion], [choice(['negative']), answeredRegion, { ...perRegion, id: 'w1' }]);
    expect(out).toMatchObject({ choicesKept: 1, choicesChanged: 1, kept: 1, unchanged: false });
    expect(predictionChanges([choice(['positive'])], [])).toMatchObject({ choicesChanged: 1, unchanged: false });
  });

  it('gives a 1,000-box answer the same kept, moved, added and removed counts as comparing every pair', () => {
    const random = seeded(10);
    const labels = ['car', 'bus', 'person'];
    const predicted: Item[] = [];
    for (let k = 0; k < 1000; k++) predicted.push(box(`p${k}`, random() * 95, random() * 95, 1 + random() * 8, 1 + random() * 8, labels[k % 3]));
    for (let k = 0; k < 20; k++) {
      const [x, y] = [random() * 80, random() * 80];
      predicted.push(polygon(`g${k}`, [[x, y], [x + 6, y], [x + 6 + random() * 4, y + 6], [x, y + 8]]));
      predicted.push(box(`r${k}`, x, y, 10, 5, 'truck', random() * 40));
      predicted.push(keypoint(`k${k}`, random() * 100, random() * 100));
    }
    predicted.push(polygon('flat1', [[1, 1], [2, 2], [3, 3]]), polygon('flat2', [[1, 1], [1, 1], [1, 1]]));
    const answered = predicted.flatMap((item, k): Item[] => {
      const v = item.value;
      const nudge = (d: number) => ({ ...item, id: `a${k}`, value: { ...v, x: v.x === undefined ? undefined : v.x + d, points: v.points?.map(([x, y]) => [x! + d, y!]) } });
      const fate = random();
      if (fate < 0.5) return [{ ...item, id: `a${k}` }];
      if (fate < 0.7) return [nudge(random() * 0.5)];
      if (fate < 0.8) return [nudge(3 + random() * 10)];
      if (fate < 0.9) return [];
      return [{ ...item, id: `a${k}` }, box(`n${k}`, random() * 95, random() * 95, 1 + random() * 8, 1 + random() * 8, labels[k % 3])];
    });
    answered.push(polygon('flat3', [[50, 50], [60, 60], [70, 70]]));
    const expected = everyPair(predicted, answered);
    expect(expected.kept + expected.moved).toBeGreaterThan(600);
    expect(expected.added).toBeGreaterThan(100);
    expect(predictionChanges(predicted, answered)).toMatchObject(expected);
  });
});

/** A region as the reference reads it: boxes and keypoints have x and y, polygons points. */
type Item = { id: string; from_name: string; to_name: string; type: string; value: { x?: number; y?: number; width?: number; height?: number; rotation?: number; points?: number[][] } };

const keypoint = (id: string, x: number, y: number) => ({ id, from_name: 'point', to_name: 'image', type: 'keypointlabels', value: { x, y, width: 1, keypointlabels: ['eye'] } });

/** A small deterministic generator (mulberry32), so the case is the same every run. */
function seeded(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** The reference: every predicted region against every answered one of its kind, greedily by best score. */
function everyPair(predicted: Item[], answered: Item[]) {
  const out = { kept: 0, moved: 0, added: 0, removed: 0 };
  const kinds = [['rectanglelabels', 'polygonlabels'], ['keypointlabels']];
  for (const kind of kinds) {
    const ps = predicted.filter((i) => kind.includes(i.type));
    const as = answered.filter((i) => kind.includes(i.type));
    const pairs: { i: number; j: number; score: number }[] = [];
    const [pKeys, aKeys] = [ps.map(matchKey), as.map(matchKey)];
    ps.forEach((p, i) =>
      as.forEach((q, j) => {
        if (pKeys[i] !== aKeys[j]) return;
        const score = kind.includes('keypointlabels') ? closeness(p, q) : axisIou(p, q) ?? iou(p, q);
        if (score !== null) pairs.push({ i, j, score });
      }),
    );
    pairs.sort((x, y) => y.score - x.score);
    const [usedP, usedA] = [new Set<number>(), new Set<number>()];
    for (const { i, j } of pairs) {
      if (usedP.has(i) || usedA.has(j)) continue;
      usedP.add(i);
      usedA.add(j);
      if (JSON.stringify(geometry(ps[i]!)) === JSON.stringify(geometry(as[j]!))) out.kept++;
      else out.moved++;
    }
    out.removed += ps.length - usedP.size;
    out.added += as.length - usedA.size;
  }
  return out;
}

const matchKey = (i: Item) => JSON.stringify([i.from_name, Object.entries(i.value).find(([k]) => k.endsWith('labels'))?.[1]]);
const geometry = (i: Item) => ({ ...i.value, rectanglelabels: undefined, polygonlabels: undefined, keypointlabels: undefined });

/** IoU of two unrotated boxes at or above 0.5 (else null); undefined for other shapes, left to iou(). */
function axisIou(p: Item, q: Item): number | null | undefined {
  const [a, b] = [p.value, q.value];
  if (a.x === undefined || a.y === undefined || a.width === undefined || a.height === undefined || a.rotation) return undefined;
  if (b.x === undefined || b.y === undefined || b.width === undefined || b.height === undefined || b.rotation) return undefined;
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const score = (w * h) / (a.width * a.height + b.width * b.height - w * h);
  return score >= 0.5 ? score : null;
}

function closeness(p: Item, q: Item): number | null {
  const d = Math.hypot((p.value.x ?? NaN) - (q.value.x ?? NaN), (p.value.y ?? NaN) - (q.value.y ?? NaN));
  return d <= 5 ? 5 - d : null;
}
