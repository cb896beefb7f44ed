import { describe, expect, it } from 'vitest';
import { configProblems, controlRoundTrip, el, problems } from '../../test-helpers.js';
import { rankingControl } from './index.js';

// Label Studio's own example (Ranker.jsx docs): a List of search results ranked by a Ranker, with and without buckets.
const objects = [{ type: 'list', name: 'results', value: 'items', title: 'Search Results' }];
const data = {
  items: [
    { id: 'blog', title: '10 tips to write a better function', body: 'There is nothing worse than being left in the lurch' },
    { id: 'mdn', title: 'Arrow function expressions', body: 'An arrow function expression is a compact alternative' },
    { id: 'wiki', title: 'Arrow (computer science)', body: 'In computer science, arrows or bolts are a type class' },
  ],
};
const ranked = { id: 'r1', from_name: 'rank', to_name: 'results', type: 'ranker', value: { ranker: { rank: ['mdn', 'wiki', 'blog'] } } };
const rankOnly = { objects, controls: [{ type: 'ranking', name: 'rank', toName: 'results' }] };
const buckets = { objects, controls: [{ type: 'ranking', name: 'rank', toName: 'results', buckets: [{ name: 'best', title: 'Best results' }, { name: 'ads', title: 'Paid results' }] }] };
const sorted = (ranker: Record<string, string[]>) => ({ ...ranked, value: { ranker } });

describe('ranking XML', () => {
  it('reads a Label Studio Ranker with Buckets and writes it back unchanged', () => {
    const element = el('Ranker', { name: 'rank', toName: 'results' }, [el('Bucket', { name: 'best', title: 'Best results' }), el('Bucket', { name: 'ads', title: 'Paid results', default: 'true' })]);
    const { native, again } = controlRoundTrip(rankingControl, element);
    expect(native).toEqual({ type: 'ranking', name: 'rank', toName: 'results', required: true, buckets: [{ name: 'best', title: 'Best results' }, { name: 'ads', title: 'Paid results', default: true }] });
    expect(again).toEqual(native);
  });

  it('ranks a list object, with unique buckets and at most one default', () => {
    const text = { objects: [{ type: 'text', name: 'results', value: 'x' }], controls: rankOnly.controls };
    expect(configProblems(text)).toEqual(['controls.0.toName: a ranking control applies to list objects; "results" is text']);
    const twice = { objects, controls: [{ type: 'ranking', name: 'rank', toName: 'results', buckets: [{ name: 'a', default: true }, { name: 'a', default: true }] }] };
    expect(configProblems(twice)).toEqual(['controls.0.buckets.1.name: duplicate bucket "a"', 'controls.0.buckets: only one bucket can be the default']);
  });
});

describe('ranking validation', () => {
  it("orders every item under the control's name when there are no buckets", () => {
    expect(problems(rankOnly, [ranked], data)).toEqual([]);
    expect(problems(rankOnly, [sorted({ rank: ['mdn', 'wiki'] })], data)).toEqual(['incomplete_ranking result[0].value.ranker.rank']);
    expect(problems(rankOnly, [sorted({ rank: ['mdn', 'wiki', 'blog', 'mdn'] })], data)).toEqual(['duplicate_item result[0].value.ranker.rank']);
    expect(problems(rankOnly, [sorted({ rank: ['mdn', 'wiki', 'nope'] })], data)).toEqual(['unknown_item result[0].value.ranker.rank']);
    expect(problems(rankOnly, [sorted({ best: ['mdn', 'wiki', 'blog'] })], data)).toEqual(['unknown_bucket result[0].value.ranker.best']);
  });

  it('sorts items into buckets, with "_" for the ones left in the list when no bucket is the default', () => {
    expect(problems(buckets, [sorted({ best: ['mdn'], ads: ['blog'] })], data)).toEqual([]);
    expect(problems(buckets, [sorted({ _: ['wiki'], best: ['mdn'], ads: ['blog'] })], data)).toEqual([]);
    expect(problems(buckets, [sorted({ best: ['mdn'], ads: ['mdn'] })], data)).toEqual(['duplicate_item result[0].value.ranker.ads']);
  });

  it('needs the list in the task data', () => {
    expect(problems(rankOnly, [ranked], { items: 'not a list' })).toEqual(['bad_task_data result[0].to_name']);
    expect(problems(rankOnly, [{ ...ranked, value: { ranker: ['mdn'] } }], data)).toEqual(['invalid_value result[0].value.ranker']);
  });
});
