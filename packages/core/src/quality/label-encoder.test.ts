import { describe, expect, it } from 'vitest';
import { encodeLabels, sortClassIds } from './label-encoder.js';

describe('encodeLabels', () => {
  it('maps ids to dense indices in order of appearance and sorts classes', () => {
    const e = encodeLabels([
      { worker: 'w2', task: 'b', label: '10' },
      { worker: 'w1', task: 'a', label: '9' },
      { worker: 'w2', task: 'a', label: '10' },
    ]);
    expect(e.taskIds).toEqual(['b', 'a']);
    expect(e.workerIds).toEqual(['w2', 'w1']);
    expect(e.classIds).toEqual(['9', '10']);
    expect(Array.from(e.data.task)).toEqual([0, 1, 1]);
    expect(Array.from(e.data.worker)).toEqual([0, 1, 0]);
    expect(Array.from(e.data.label)).toEqual([1, 0, 1]);
  });

  it('sorts numbers numerically and other names by code point', () => {
    expect(sortClassIds(['10', '2', '1'])).toEqual(['1', '2', '10']);
    expect(sortClassIds(['P', 'G', 'X', 'R'])).toEqual(['G', 'P', 'R', 'X']);
  });
});
