import { describe, expect, it } from 'vitest';
import { QualityInputError } from './quality-input-error.js';
import { spanAgreement, spanConsensus, tokenIou, type SpanAnswer } from './span-aggregation.js';
import { tokenizeText } from './text-tokens.js';

// 沈阳 (0-2) is a city, 东北大学 (2-6) a university
const TEXT = '沈阳东北大学发布新成果';
const LOC = { start: 0, end: 2, label: 'LOC' };
const ORG = { start: 2, end: 6, label: 'ORG' };

describe('spanConsensus', () => {
  it('keeps the exact spans a strict majority marked, with who supports them', () => {
    const answers: SpanAnswer[] = [
      { worker: 'a', spans: [LOC, ORG] },
      { worker: 'b', spans: [LOC, ORG] },
      { worker: 'c', spans: [LOC, { start: 2, end: 4, label: 'ORG' }] },
    ];
    const out = spanConsensus(TEXT, answers);
    expect(out).toEqual([
      { ...LOC, support: ['a', 'b', 'c'], share: 1 },
      { ...ORG, support: ['a', 'b'], share: 2 / 3 },
    ]);
  });

  it('drops a span only half the annotators marked (a tie is not a majority)', () => {
    const out = spanConsensus(TEXT, [
      { worker: 'a', spans: [LOC] },
      { worker: 'b', spans: [] },
    ]);
    expect(out).toEqual([]);
  });

  it('by overlap, groups boundary variants of one entity and answers with the most often marked one', () => {
    const answers: SpanAnswer[] = [
      { worker: 'a', spans: [ORG] },
      { worker: 'b', spans: [ORG] },
      { worker: 'c', spans: [{ start: 2, end: 5, label: 'ORG' }] }, // 3 of 4 tokens: IoU 0.75
      { worker: 'd', spans: [{ start: 2, end: 5, label: 'LOC' }] }, // another label never joins
    ];
    expect(spanConsensus(TEXT, answers).map((s) => s.support)).toEqual([]); // exactly: no majority of 4
    const out = spanConsensus(TEXT, answers, { match: { mode: 'overlap' } });
    expect(out).toEqual([{ ...ORG, support: ['a', 'b', 'c'], share: 3 / 4 }]);
  });

  it('counts an annotator once per entity even when they split it in two', () => {
    const answers: SpanAnswer[] = [
      { worker: 'a', spans: [ORG] },
      { worker: 'b', spans: [{ start: 2, end: 4, label: 'ORG' }, { start: 4, end: 6, label: 'ORG' }] },
      { worker: 'c', spans: [] },
    ];
    const out = spanConsensus(TEXT, answers, { match: { mode: 'overlap', threshold: 0.5 } });
    // a's span and one half of b's make 2 of 3; b's other half is left over and has no majority
    expect(out).toEqual([{ ...ORG, support: ['a', 'b'], share: 2 / 3 }]);
  });

  it('refuses a span outside the text', () => {
    expect(() => spanConsensus(TEXT, [{ worker: 'a', spans: [{ start: 5, end: 40, label: 'ORG' }] }])).toThrow(QualityInputError);
  });
});

describe('tokenIou', () => {
  it('measures overlap in tokens, not characters, for Latin text', () => {
    const text = 'Shenyang Aerospace University';
    const tokens = tokenizeText(text);
    // "Shenyang Aerospace" vs "Aerospace University": 1 shared token of 3
    expect(tokenIou(tokens, { start: 0, end: 18 }, { start: 9, end: 29 })).toBeCloseTo(1 / 3);
    // a span cut inside a word still touches the whole word
    expect(tokenIou(tokens, { start: 0, end: 5 }, { start: 0, end: 8 })).toBe(1);
  });
});

describe('spanAgreement', () => {
  it('is the micro-averaged pairwise F1 over tasks, exact or by overlap', () => {
    const items = [
      { text: TEXT, answers: [{ worker: 'a', spans: [LOC, ORG] }, { worker: 'b', spans: [LOC, { start: 2, end: 5, label: 'ORG' }] }] },
      { text: TEXT, answers: [{ worker: 'a', spans: [LOC] }] }, // one annotator: not compared
    ];
    const exact = spanAgreement(items);
    expect(exact).toEqual({ f1: (2 * 1) / 4, pairs: 1, tasks: 1 });
    expect(spanAgreement(items, { mode: 'overlap' }).f1).toBe(1);
  });

  it('does not match spans of different labels', () => {
    const items = [{ text: TEXT, answers: [{ worker: 'a', spans: [LOC] }, { worker: 'b', spans: [{ ...LOC, label: 'ORG' }] }] }];
    expect(spanAgreement(items).f1).toBe(0);
  });
});
