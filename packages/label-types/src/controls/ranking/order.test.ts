import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { columnsOf, listEntries, moveAcross, moveTo, moveWithin, rankingKey, shownOrder, withColumns } from './order.js';
import { rankingControlSchema } from './schema.js';

const objects = [{ type: 'list', name: 'answers', value: 'answers' }];
const data = {
  answers: [
    { id: 1, title: '回答一', body: 'short' },
    { id: 'b', title: '回答二', body: 'long\nanswer' },
    { id: 'c', title: '<i>三</i>', body: 42 },
  ],
};
const rank = rankingControlSchema.parse({ type: 'ranking', name: 'rank', toName: 'answers' });
const buckets = rankingControlSchema.parse({ type: 'ranking', name: 'rank', toName: 'answers', buckets: [{ name: 'good' }, { name: 'bad' }] });
const withDefault = rankingControlSchema.parse({ type: 'ranking', name: 'rank', toName: 'answers', buckets: [{ name: 'good' }, { name: 'rest', default: true }] });
const ids = ['1', 'b', 'c'];
const newId = () => 'k1';

describe('ranking order', () => {
  it("reads the list's items as text with string ids", () => {
    expect(listEntries(data.answers)).toEqual([
      { id: '1', title: '回答一', body: 'short' },
      { id: 'b', title: '回答二', body: 'long\nanswer' },
      { id: 'c', title: '<i>三</i>', body: '42' },
    ]);
    expect(listEntries('not a list')).toEqual([]);
  });

  it("starts from the list's order in the start column, or from the answer", () => {
    expect(columnsOf(rank, [], ids)).toEqual([{ key: 'rank', ids }]);
    expect(columnsOf(buckets, [], ids)).toEqual([{ key: '_', ids }, { key: 'good', ids: [] }, { key: 'bad', ids: [] }]);
    expect(columnsOf(withDefault, [], ids)).toEqual([{ key: 'good', ids: [] }, { key: 'rest', ids }]);
    const saved = withColumns(rank, [], [{ key: 'rank', ids: ['c', '1', 'b'] }], newId);
    expect(columnsOf(rank, saved, ids)).toEqual([{ key: 'rank', ids: ['c', '1', 'b'] }]);
    // Ids the list lacks are dropped; items the answer leaves out come back at the end.
    const odd = withColumns(rank, [], [{ key: 'rank', ids: ['zzz', 'b'] }], newId);
    expect(columnsOf(rank, odd, ids)).toEqual([{ key: 'rank', ids: ['b', '1', 'c'] }]);
  });

  it('moves items within and across columns', () => {
    const one = columnsOf(rank, [], ids);
    expect(shownOrder(moveWithin(one, 'c', -1))).toEqual(['1', 'c', 'b']);
    expect(shownOrder(moveWithin(one, '1', -1))).toEqual(ids);
    expect(shownOrder(moveTo(one, '1', 0, 2))).toEqual(['b', 'c', '1']);
    const cols = moveAcross(columnsOf(buckets, [], ids), 'b', 1);
    expect(cols).toEqual([{ key: '_', ids: ['1', 'c'] }, { key: 'good', ids: ['b'] }, { key: 'bad', ids: [] }]);
    expect(moveAcross(cols, '1', -1)).toEqual(cols);
  });

  it('writes every column as Label Studio does, and the server check takes it', () => {
    const ordered = withColumns(rank, [], moveWithin(columnsOf(rank, [], ids), 'c', -1), newId);
    expect(ordered).toEqual([{ id: 'k1', from_name: 'rank', to_name: 'answers', type: 'ranker', value: { ranker: { rank: ['1', 'c', 'b'] } } }]);
    expect(problems({ objects, controls: [rank] }, ordered, data)).toEqual([]);
    const sorted = withColumns(buckets, [], moveAcross(columnsOf(buckets, [], ids), 'b', 1), newId);
    expect(sorted[0]?.value).toEqual({ ranker: { _: ['1', 'c'], good: ['b'], bad: [] } });
    expect(problems({ objects, controls: [buckets] }, sorted, data)).toEqual([]);
  });

  it('selects by digit and by arrows in the list, and moves the selection with Alt', () => {
    const cols = columnsOf(buckets, [], ids);
    expect(rankingKey(cols, null, { key: '3', alt: false, inList: false })).toEqual({ type: 'select', id: 'c' });
    expect(rankingKey(cols, null, { key: '4', alt: false, inList: false })).toBeNull();
    expect(rankingKey(cols, null, { key: 'ArrowDown', alt: false, inList: false })).toBeNull();
    expect(rankingKey(cols, null, { key: 'ArrowDown', alt: false, inList: true })).toEqual({ type: 'select', id: '1' });
    expect(rankingKey(cols, 'b', { key: 'ArrowUp', alt: false, inList: true })).toEqual({ type: 'select', id: '1' });
    expect(rankingKey(cols, null, { key: 'ArrowUp', alt: true, inList: false })).toBeNull();
    expect(rankingKey(cols, 'c', { key: 'ArrowUp', alt: true, inList: false })).toEqual({ type: 'move', columns: moveWithin(cols, 'c', -1) });
    expect(rankingKey(cols, 'c', { key: 'ArrowRight', alt: true, inList: false })).toEqual({ type: 'move', columns: moveAcross(cols, 'c', 1) });
    expect(rankingKey(columnsOf(rank, [], ids), 'c', { key: 'ArrowRight', alt: true, inList: false })).toBeNull();
  });
});
