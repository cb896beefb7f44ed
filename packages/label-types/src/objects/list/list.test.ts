import { describe, expect, it } from 'vitest';
import { el, objectRoundTrip } from '../../test-helpers.js';
import { listObject } from './index.js';
import { listItemIds } from './schema.js';

describe('list (Label Studio List)', () => {
  it('reads a List with its title and writes it back', () => {
    const { native, again } = objectRoundTrip(listObject, el('List', { name: 'results', value: '$items', title: 'Search Results' }));
    expect(native).toEqual({ type: 'list', name: 'results', value: 'items', title: 'Search Results' });
    expect(again).toEqual(native);
  });

  it('names its items by their ids as strings, as Label Studio does', () => {
    expect(listItemIds([{ id: 1, title: 'a' }, { id: 'b' }])).toEqual(['1', 'b']);
    expect(listItemIds([{ title: 'no id' }])).toBeNull();
    expect(listItemIds('nope')).toBeNull();
  });
});
