import { describe, expect, it } from 'vitest';
import { listEntries } from './items.js';

describe('list items', () => {
  it('reads ids as Label Studio names them, and titles and bodies as text', () => {
    expect(listEntries([{ id: 1, title: '结果一', body: 'first' }, { id: 'b', title: 'two' }, { id: 3, title: { x: 1 }, body: 7 }])).toEqual({
      items: [
        { id: '1', title: '结果一', body: 'first' },
        { id: 'b', title: 'two', body: '' },
        { id: '3', title: '{"x":1}', body: '7' },
      ],
    });
    expect(listEntries([])).toEqual({ items: [] });
  });

  it('names what is wrong: no list, or which item has no id', () => {
    expect(listEntries('items')).toEqual({ problem: { kind: 'notList' } });
    expect(listEntries(undefined)).toEqual({ problem: { kind: 'notList' } });
    expect(listEntries([{ id: 1 }, { title: 'no id' }])).toEqual({ problem: { kind: 'badItem', index: 1 } });
    expect(listEntries([{ id: 1 }, null])).toEqual({ problem: { kind: 'badItem', index: 1 } });
  });
});
