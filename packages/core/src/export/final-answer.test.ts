import { describe, expect, it } from 'vitest';
import type { ExportedAnnotation, ExportedReview } from './exported-tasks.js';
import { finalAnswers, type AnswerCandidates } from './final-answer.js';

const item = (control: string, choice: string) => ({ from_name: control, to_name: 'text', type: 'choices', value: { choices: [choice] } });

function answer(id: number, choice: string, review?: Partial<ExportedReview>) {
  const annotation: ExportedAnnotation = { id, completed_by: id, result: [item('sentiment', choice)], lead_time: 1, created_at: '2026-01-01T00:00:00.000Z' };
  if (review) annotation.review = { status: 'accepted', reason_code: null, reviewer: 9, reviewed_at: '2026-01-02T00:00:00.000Z', ...review };
  return { annotation, createdAt: 0 };
}

const SENTIMENT = new Set(['sentiment']);
const sources = (c: AnswerCandidates, controls = SENTIMENT) => finalAnswers(c, controls).map((a) => [a.source, a.annotation?.id ?? null]);

describe('finalAnswers', () => {
  it('takes a single answer, else every answer, leaving out those whose rejection is open', () => {
    expect(sources({ gold: null, aggregate: null, answers: [answer(1, 'a')] })).toEqual([['single', 1]]);
    expect(sources({ gold: null, aggregate: null, answers: [answer(1, 'a'), answer(2, 'b')] })).toEqual([['annotator', 1], ['annotator', 2]]);
    expect(sources({ gold: null, aggregate: null, answers: [answer(1, 'a'), answer(2, 'b', { status: 'rejected' })] })).toEqual([['single', 1]]);
    expect(sources({ gold: null, aggregate: null, answers: [] })).toEqual([]);
  });

  it('prefers the later of a correction and an adjudication, both over the aggregate', () => {
    const corrected = answer(2, 'b', { status: 'corrected', corrected_result: [item('sentiment', 'fixed')], reviewed_at: '2026-01-03T00:00:00.000Z' });
    const aggregate = (method: string, day: number) => ({ method, result: [item('sentiment', method)], labels: { sentiment: [method] }, at: Date.parse(`2026-01-0${day}T00:00:00.000Z`) });
    const withAggregate = (a: AnswerCandidates['aggregate']) => finalAnswers({ gold: null, aggregate: a, answers: [answer(1, 'a'), corrected] }, SENTIMENT);
    expect(withAggregate(aggregate('mv', 9)).map((a) => [a.source, a.result])).toEqual([['review', [item('sentiment', 'fixed')]]]);
    expect(withAggregate(aggregate('adjudicated', 4)).map((a) => a.source)).toEqual(['adjudication']);
    expect(withAggregate(aggregate('adjudicated', 2)).map((a) => a.source)).toEqual(['review']);
    expect(finalAnswers({ gold: [item('sentiment', 'g')], aggregate: aggregate('adjudicated', 4), answers: [corrected] }, SENTIMENT).map((a) => a.source)).toEqual(['gold']);
  });

  it('uses the aggregate only for a format whose controls it answers', () => {
    const aggregate = { method: 'mv', result: [item('sentiment', 'a')], labels: { sentiment: ['a'] }, at: 0 };
    const c = { gold: null, aggregate, answers: [answer(1, 'a'), answer(2, 'b')] };
    expect(sources(c)).toEqual([['aggregate', null]]);
    expect(sources(c, new Set(['reply']))).toEqual([['annotator', 1], ['annotator', 2]]);
    // An aggregate that found no spans still speaks for the control through its labels key.
    expect(sources({ ...c, aggregate: { ...aggregate, result: [], labels: { ner: [] } } }, new Set(['ner']))).toEqual([['aggregate', null]]);
  });
});
