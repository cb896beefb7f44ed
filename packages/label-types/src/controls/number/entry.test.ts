import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { numberOf, numberProblem, parseNumberEntry, withNumber } from './entry.js';
import { numberControlSchema } from './schema.js';

const objects = [{ type: 'text', name: 'answer', value: 'answer' }];
const score = numberControlSchema.parse({ type: 'number', name: 'score', toName: 'answer', min: 1, max: 10, step: 0.5 });
const open = numberControlSchema.parse({ type: 'number', name: 'score', toName: 'answer' });
const problemOf = (raw: string) => numberProblem(score, parseNumberEntry(raw));

describe('number entry', () => {
  it('names the problem by the rules the server checks, with the values to show', () => {
    expect(problemOf('')).toBeNull();
    expect(problemOf('7.5')).toBeNull();
    expect(problemOf('abc')).toEqual({ word: 'numberNotANumber', vars: {} });
    expect(problemOf('0')).toEqual({ word: 'numberBelowMin', vars: { min: 1 } });
    expect(problemOf('11')).toEqual({ word: 'numberAboveMax', vars: { max: 10 } });
    expect(problemOf('2.2')).toEqual({ word: 'numberOffStep', vars: { step: 0.5, from: 1 } });
    expect(numberProblem(open, parseNumberEntry('-1e9'))).toBeNull();
  });

  it('agrees with the server check on each problem', () => {
    for (const raw of ['7.5', '0', '11', '2.2']) {
      const entry = parseNumberEntry(raw);
      if (entry.kind !== 'number') throw new Error(raw);
      const items = withNumber(score, [], entry.value, () => 'n1');
      expect(problems({ objects, controls: [score] }, items).length > 0).toBe(numberProblem(score, entry) !== null);
    }
  });

  it('stores the number as Label Studio writes it, and nothing for an empty box', () => {
    const items = withNumber(score, [], 7, () => 'n1');
    expect(items).toEqual([{ id: 'n1', from_name: 'score', to_name: 'answer', type: 'number', value: { number: 7 } }]);
    expect(numberOf(withNumber(score, items, 8, () => 'n2'))).toBe(8);
    expect(withNumber(score, items, 8, () => 'n2')[0]?.id).toBe('n1');
    expect(withNumber(score, items, null, () => 'n2')).toEqual([]);
  });
});
