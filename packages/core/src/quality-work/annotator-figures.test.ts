import { describe, expect, it } from 'vitest';
import { answerAgreement, bucketIndex, bucketLabel, bucketStart, denseSeries, MAX_BUCKETS, quantile, ratio, spanAnswerMatch, spanF1 } from './annotator-figures.js';

const choice = (control: string, ...choices: string[]) => ({ from_name: control, to_name: 'text', type: 'choices', value: { choices } });

describe('quantile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30], 0.5)).toBe(20);
    // h = 9 * 0.9 = 8.1: 90 + 0.1 * (100 - 90)
    expect(quantile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBeCloseTo(91);
    expect(quantile([7], 0.9)).toBe(7);
  });
  it('is null for no values and refuses q outside [0, 1]', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(/0 <= q <= 1/);
  });
});

describe('ratio', () => {
  it('is unknown (null) over nothing', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe('buckets', () => {
  const at = Date.UTC(2026, 2, 1, 17, 30); // 01:30 on 2 March in China (UTC+8)
  it('starts days at the local midnight of the offset', () => {
    expect(bucketLabel(bucketIndex(at, 'day', 0), 'day')).toBe('2026-03-01');
    const china = bucketIndex(at, 'day', 480);
    expect(bucketLabel(china, 'day')).toBe('2026-03-02');
    expect(new Date(bucketStart(china, 'day', 480)).toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });
  it('labels hours in local time', () => {
    expect(bucketLabel(bucketIndex(at, 'hour', 480), 'hour')).toBe('2026-03-02 01:00');
    expect(bucketLabel(bucketIndex(at, 'hour', -330), 'hour')).toBe('2026-03-01 12:00');
  });
});

describe('answerAgreement', () => {
  it('compares the controls both have, by the set of choices', () => {
    const result = [choice('sentiment', 'positive'), choice('topics', 'b', 'a'), choice('other', 'x')];
    expect(answerAgreement(result, { sentiment: ['positive'], topics: ['a', 'b'] }, ['sentiment', 'topics'])).toEqual({ compared: 2, agreed: 2 });
    expect(answerAgreement(result, { sentiment: ['negative'], topics: ['a'] }, ['sentiment', 'topics'])).toEqual({ compared: 2, agreed: 0 });
  });
  it('leaves out a control the answer or the aggregate lacks, and controls that do not count', () => {
    expect(answerAgreement([choice('sentiment', 'positive')], { topics: ['a'] }, ['sentiment', 'topics'])).toEqual({ compared: 0, agreed: 0 });
    expect(answerAgreement([choice('other', 'x')], { other: ['x'] }, ['sentiment'])).toEqual({ compared: 0, agreed: 0 });
  });
});

describe('denseSeries', () => {
  it('fills the gaps between the first and the last bucket, one line per worker in the given order', () => {
    const series = denseSeries(
      [
        { worker: 'a', bucket: 10, answers: 2, activeMs: 1_800_000 },
        { worker: 'b', bucket: 12, answers: 1, activeMs: 3_600_000 },
      ],
      ['b', 'a'],
    );
    expect(series.first).toBe(10);
    expect(series.buckets).toBe(3);
    expect(series.lines).toEqual([
      { worker: 'b', answers: [0, 0, 1], activeHours: [0, 0, 1] },
      { worker: 'a', answers: [2, 0, 0], activeHours: [0.5, 0, 0] },
    ]);
  });
  it('refuses more than MAX_BUCKETS buckets', () => {
    expect(() => denseSeries([{ worker: 'a', bucket: 0, answers: 1, activeMs: 0 }, { worker: 'a', bucket: MAX_BUCKETS, answers: 1, activeMs: 0 }], ['a'])).toThrow(RangeError);
  });
});

describe('spanAnswerMatch', () => {
  const text = 'Ada Lovelace met Charles Babbage in London';
  const per = { start: 0, end: 12, label: 'PER' };
  const loc = { start: 35, end: 41, label: 'LOC' };
  it('counts spans matched one to one with the same label, of the spans of both', () => {
    expect(spanAnswerMatch(text, [per, loc], [per, loc], { mode: 'exact' })).toEqual({ matched: 2, total: 4 });
    expect(spanAnswerMatch(text, [per, { ...loc, label: 'ORG' }], [per, loc], { mode: 'exact' })).toEqual({ matched: 1, total: 4 });
  });
  it('matches a shorter span by token overlap, not exactly', () => {
    const ada = { start: 0, end: 3, label: 'PER' }; // one token of two: IoU 0.5
    expect(spanAnswerMatch(text, [ada], [per], { mode: 'exact' })).toEqual({ matched: 0, total: 2 });
    expect(spanAnswerMatch(text, [ada], [per], { mode: 'overlap', threshold: 0.5 })).toEqual({ matched: 1, total: 2 });
  });
  it('leaves out an answer whose span does not fit the text', () => {
    expect(spanAnswerMatch(text, [{ start: 40, end: 99, label: 'LOC' }], [loc], { mode: 'exact' })).toBeNull();
  });
});

describe('spanF1', () => {
  it('is the micro-averaged F1, 1 when both sides marked nothing, null without tasks', () => {
    expect(spanF1({ tasks: 2, matched: 3, total: 8 })).toBe(0.75);
    expect(spanF1({ tasks: 1, matched: 0, total: 0 })).toBe(1);
    expect(spanF1({ tasks: 0, matched: 0, total: 0 })).toBeNull();
  });
});
