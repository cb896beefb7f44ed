import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { taxonomyControlSchema, type TaxonomyNode } from './schema.js';
import { pathKey, pickedPaths, togglePath, treeKey, visibleRows } from './tree.js';

const choices: TaxonomyNode[] = [
  { value: '事实', children: [{ value: '正确' }, { value: '错误', hint: 'hallucination' }] },
  { value: 'Style', children: [{ value: 'Tone', children: [{ value: 'Rude' }] }] },
  { value: 'Other' },
];
const objects = [{ type: 'text', name: 'answer', value: 'answer' }];
const control = (extra: Record<string, unknown> = {}) => taxonomyControlSchema.parse({ type: 'taxonomy', name: 'tax', toName: 'answer', choices, ...extra });
const node = (path: string[]) => {
  let level: TaxonomyNode[] | undefined = choices;
  let found: TaxonomyNode | undefined;
  for (const step of path) {
    found = level?.find((n) => n.value === step);
    level = found?.children;
  }
  return found!;
};
const newId = () => 'x1';
const values = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => r.path.join('/'));

describe('taxonomy picks', () => {
  it('toggles paths, as Label Studio writes them, and the server check takes them', () => {
    const tax = control();
    let items = togglePath(tax, [], ['事实', '错误'], node(['事实', '错误']), newId);
    items = togglePath(tax, items, ['Style'], node(['Style']), newId);
    expect(items).toEqual([{ id: 'x1', from_name: 'tax', to_name: 'answer', type: 'taxonomy', value: { taxonomy: [['事实', '错误'], ['Style']] } }]);
    expect(problems({ objects, controls: [tax] }, items)).toEqual([]);
    expect(pickedPaths(togglePath(tax, items, ['Style'], node(['Style']), newId))).toEqual([['事实', '错误']]);
  });

  it('replaces the pick when one is allowed, stops at maxUsages, refuses branches under leafsOnly', () => {
    const single = control({ maxUsages: 1 });
    const first = togglePath(single, [], ['Other'], node(['Other']), newId);
    expect(pickedPaths(togglePath(single, first, ['事实', '正确'], node(['事实', '正确']), newId))).toEqual([['事实', '正确']]);
    const two = control({ maxUsages: 2 });
    let items = togglePath(two, [], ['Other'], node(['Other']), newId);
    items = togglePath(two, items, ['Style'], node(['Style']), newId);
    expect(togglePath(two, items, ['事实'], node(['事实']), newId)).toEqual(items);
    const leaves = control({ leafsOnly: true });
    expect(togglePath(leaves, [], ['Style', 'Tone'], node(['Style', 'Tone']), newId)).toEqual([]);
  });
});

describe('taxonomy tree', () => {
  it('shows the top level, and the children of expanded nodes', () => {
    expect(values(visibleRows(choices, new Set(), ''))).toEqual(['事实', 'Style', 'Other']);
    expect(values(visibleRows(choices, new Set([pathKey(['Style'])]), ''))).toEqual(['事实', 'Style', 'Style/Tone', 'Other']);
  });

  it('searches values and hints, opening the branches that lead to matches', () => {
    expect(values(visibleRows(choices, new Set(), 'rude'))).toEqual(['Style', 'Style/Tone', 'Style/Tone/Rude']);
    expect(values(visibleRows(choices, new Set(), 'HALLUC'))).toEqual(['事实', '事实/错误']);
    expect(values(visibleRows(choices, new Set(), '正确'))).toEqual(['事实', '事实/正确']);
    expect(visibleRows(choices, new Set(), 'nothing like it')).toEqual([]);
  });

  it('moves, opens and closes by the tree keys', () => {
    const rows = visibleRows(choices, new Set(), '');
    const style = pathKey(['Style']);
    expect(treeKey(rows, null, 'ArrowDown')).toEqual({ cursor: pathKey(['事实']) });
    expect(treeKey(rows, pathKey(['事实']), 'ArrowDown')).toEqual({ cursor: style });
    expect(treeKey(rows, pathKey(['Other']), 'ArrowDown')).toEqual({ cursor: pathKey(['Other']) });
    expect(treeKey(rows, style, 'ArrowRight')).toEqual({ cursor: style, expand: style });
    const open = visibleRows(choices, new Set([style]), '');
    expect(treeKey(open, style, 'ArrowRight')).toEqual({ cursor: pathKey(['Style', 'Tone']) });
    expect(treeKey(open, pathKey(['Style', 'Tone']), 'ArrowLeft')).toEqual({ cursor: style });
    expect(treeKey(open, style, 'ArrowLeft')).toEqual({ cursor: style, collapse: style });
    expect(treeKey(open, style, ' ')).toEqual({ cursor: style, toggle: true });
    expect(treeKey(open, style, 'End')).toEqual({ cursor: pathKey(['Other']) });
    expect(treeKey(open, style, 'x')).toBeNull();
  });
});
