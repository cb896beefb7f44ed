import { describe, expect, it } from 'vitest';
import { NO_REGION_STATE } from '../../region-state.js';
import { problems } from '../../test-helpers.js';
import { drawSpan, labelColor, labelKey, relabel, spanMarks } from './edit.js';
import { labelsControlSchema } from './schema.js';

const control = labelsControlSchema.parse({ type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER', background: 'red' }, { value: 'ORG' }, { value: 'LOC' }] });
const many = { ...control, multiple: true };
const config = { objects: [{ type: 'text', name: 'text', value: 'text' }], controls: [control] };
const data = { text: '张三在😀腾讯工作' };
const drawn = { object: 'text', value: { start: 4, end: 6, text: '腾讯' } };
let n = 0;
const newId = () => `s${++n}`;

describe('spans of the labels control', () => {
  it("makes a span in Label Studio's shape that the server's checks accept", () => {
    const { items, id } = drawSpan(control, [], drawn, 'ORG', newId);
    expect(items).toEqual([{ id, from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '腾讯', labels: ['ORG'] }, origin: 'manual' }]);
    expect(problems(config, items, data)).toEqual([]);
  });

  it('relabels: one label per span, or adds and removes labels when multiple (keeping at least one)', () => {
    const { items, id } = drawSpan(control, [], drawn, 'ORG', newId);
    expect(relabel(control, items, id, 'LOC')[0]?.value.labels).toEqual(['LOC']);
    const both = relabel(many, items, id, 'LOC');
    expect(both[0]?.value.labels).toEqual(['ORG', 'LOC']);
    expect(relabel(many, both, id, 'ORG')[0]?.value.labels).toEqual(['LOC']);
    expect(relabel(many, relabel(many, both, id, 'ORG'), id, 'LOC')[0]?.value.labels).toEqual(['LOC']);
  });

  it('a label key relabels the selected span, labels the drawn region, or arms and disarms the label', () => {
    const { items, id } = drawSpan(control, [], drawn, 'ORG', newId);
    expect(labelKey(control, items, 'PER', { ...NO_REGION_STATE, selected: id }, newId).items?.[0]?.value.labels).toEqual(['PER']);
    const labelled = labelKey(control, [], 'LOC', { ...NO_REGION_STATE, drawn }, newId);
    expect(labelled.items?.map((i) => i.value)).toEqual([{ start: 4, end: 6, text: '腾讯', labels: ['LOC'] }]);
    expect(labelled.state).toEqual({ drawn: null });
    const armed = labelKey(control, items, 'PER', NO_REGION_STATE, newId);
    expect(armed).toEqual({ state: { armed: { ner: 'PER' } } });
    expect(labelKey(control, items, 'PER', { ...NO_REGION_STATE, armed: { ner: 'PER' } }, newId)).toEqual({ state: { armed: {} } });
    // A region drawn on another object, or a span of another control selected, is not this control's.
    expect(labelKey(control, items, 'PER', { ...NO_REGION_STATE, selected: 'elsewhere', drawn: { ...drawn, object: 'other' } }, newId).items).toBeUndefined();
  });

  it('marks spans in reading order with their labels and colours', () => {
    let items = drawSpan(control, [], drawn, 'ORG', newId).items;
    items = drawSpan(control, items, { object: 'text', value: { start: 0, end: 2, text: '张三' } }, 'PER', newId).items;
    expect(spanMarks(control, items).map((m) => [m.start, m.end, m.caption, m.color, m.object])).toEqual([
      [0, 2, 'PER', 'red', 'text'],
      [4, 6, 'ORG', labelColor(control, 'ORG'), 'text'],
    ]);
    expect(labelColor(control, 'ORG')).not.toBe(labelColor(control, 'LOC'));
  });
});
