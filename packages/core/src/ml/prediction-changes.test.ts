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
});
