import { describe, expect, it } from 'vitest';
import { NO_REGION_STATE } from '../../region-state.js';
import { problems } from '../../test-helpers.js';
import { linkRegions, regionCaption, relationKey, removeRelation, toggleRelationLabel, turnDirection } from './edit.js';
import { relationsControlSchema } from './schema.js';

const control = relationsControlSchema.parse({ type: 'relations', labels: [{ value: 'works_for' }, { value: 'founded' }] });
const single = { ...control, multiple: false };
const config = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [{ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'ORG' }] }, control],
};
const a = { id: 'a', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } };
const b = { id: 'b', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['ORG'] } };
const data = { text: '张三在😀腾讯工作' };

describe('relations', () => {
  it("joins two regions once, as Label Studio's editor writes it, and the server's checks accept it", () => {
    const items = linkRegions(control, [], 'a', 'b');
    expect(items).toEqual([{ type: 'relation', from_id: 'a', to_id: 'b', direction: 'right', labels: [] }]);
    expect(linkRegions(control, items, 'b', 'a')).toEqual(items);
    expect(linkRegions(control, [], 'a', 'a')).toEqual([]);
    expect(problems(config, [a, b, ...items], data)).toEqual([]);
  });

  it('turns the direction right, left, both ways, and labels it (one label unless multiple)', () => {
    const [r] = linkRegions(control, [], 'a', 'b');
    let items = turnDirection([r!], r!);
    expect(items[0]?.direction).toBe('left');
    items = turnDirection(items, items[0]!);
    expect(items[0]?.direction).toBe('bi');
    expect(turnDirection(items, items[0]!)[0]?.direction).toBe('right');
    items = toggleRelationLabel(control, items, items[0]!, 'works_for');
    items = toggleRelationLabel(control, items, items[0]!, 'founded');
    expect(items[0]?.labels).toEqual(['works_for', 'founded']);
    expect(toggleRelationLabel(single, items, items[0]!, 'works_for')[0]?.labels).toEqual(['founded']);
    expect(toggleRelationLabel(single, [r!], r!, 'founded')[0]?.labels).toEqual(['founded']);
    expect(problems(config, [a, b, ...items], data)).toEqual([]);
    expect(removeRelation(items, items[0]!)).toEqual([]);
  });

  it('R starts from the selected region, finishes on the one selected next, cancels on the same one', () => {
    expect(relationKey(control, [], 'link', NO_REGION_STATE)).toBeNull();
    expect(relationKey(control, [], 'link', { ...NO_REGION_STATE, selected: 'a' })).toEqual({ state: { linking: { control: 'relations', from: 'a' } } });
    const linking = { control: 'relations', from: 'a' };
    expect(relationKey(control, [], 'link', { ...NO_REGION_STATE, selected: 'b', linking })).toEqual({
      items: [{ type: 'relation', from_id: 'a', to_id: 'b', direction: 'right', labels: [] }],
      state: { linking: null, selected: null },
    });
    expect(relationKey(control, [], 'link', { ...NO_REGION_STATE, selected: 'a', linking })).toEqual({ state: { linking: null } });
  });

  it('names a region by its text and labels for the list', () => {
    expect(regionCaption([a, b], 'b')).toEqual({ text: '腾讯', labels: 'ORG' });
    expect(regionCaption([a], 'gone')).toEqual({ text: 'gone', labels: '' });
  });
});
