import { describe, expect, it } from 'vitest';
import type { ResultEntry, ResultItem } from '../result-item.js';
import { itemsOfRegion, regionOn, withRegionItems } from './region-items.js';

const span = (id: string, toName = 'text'): ResultItem => ({ id, from_name: 'ner', to_name: toName, type: 'labels', value: { start: 0, end: 1, text: 'a', labels: ['PER'] } });
const about = (id: string, choice: string): ResultItem => ({ id, from_name: 'kind', to_name: 'text', type: 'choices', value: { choices: [choice] } });

describe('per-region items', () => {
  it('takes the selected span as the region only when it is on the control’s object', () => {
    const answer: ResultEntry[] = [span('s1'), span('s2', 'other')];
    expect(regionOn(answer, 'text', 's1', 'kind')).toBe('s1');
    expect(regionOn(answer, 'text', 's2', 'kind')).toBeNull();
    expect(regionOn(answer, 'text', null, 'kind')).toBeNull();
    expect(regionOn(answer, 'text', 'nope', 'kind')).toBeNull();
  });

  it('replaces only the items about one region, giving them its id', () => {
    const items = [about('s1', 'a'), about('s2', 'b')];
    expect(itemsOfRegion(items, 's2')).toEqual([about('s2', 'b')]);
    const next = withRegionItems(items, 's1', [{ ...about('fresh', 'c') }]);
    expect(next).toEqual([about('s2', 'b'), about('s1', 'c')]);
    expect(withRegionItems(items, 's1', [])).toEqual([about('s2', 'b')]);
  });
});
