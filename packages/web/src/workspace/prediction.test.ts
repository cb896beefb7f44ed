import { describe, expect, it } from 'vitest';
import { startingAnswer } from './prediction';
import type { Shown } from './use-annotation-loop';

const span = { from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } };
const choice = { id: 'c1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } };
const shown = (prediction?: Shown['assignment']['prediction'], initial: Shown['initial'] = []): Shown => ({
  assignment: { id: 1, taskId: 1, projectId: 1, data: { text: '张三' }, expiresAt: '2026-01-01T00:00:00.000Z', guidelineVersion: null, ...(prediction ? { prediction } : {}) },
  idempotencyKey: 'k',
  initial,
});

describe('the answer a task opens with', () => {
  it("starts from the latest prediction when there is no draft, giving items without an id one", () => {
    const start = startingAnswer(shown({ id: 7, result: [span, choice], modelVersion: 'v2', score: 0.9 }), null, () => 'new1');
    expect(start).toEqual({ answer: [{ ...span, id: 'new1' }, choice], fromPrediction: true, modelVersion: 'v2' });
  });

  it('prefers a refused answer, then the draft, to the prediction', () => {
    const prediction = { id: 8, result: [choice], modelVersion: null, score: null };
    expect(startingAnswer(shown(prediction), [], () => 'x')).toEqual({ answer: [], fromPrediction: false, modelVersion: null });
    expect(startingAnswer(shown(prediction, [choice]), null, () => 'x').fromPrediction).toBe(false);
    expect(startingAnswer(shown(), null, () => 'x')).toEqual({ answer: [], fromPrediction: false, modelVersion: null });
  });
});
