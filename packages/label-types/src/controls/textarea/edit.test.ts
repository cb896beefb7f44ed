import { describe, expect, it } from 'vitest';
import { problems } from '../../test-helpers.js';
import { canAddText, editText, removeText, textsOf, withoutBlankTexts } from './edit.js';
import { textareaControlSchema } from './schema.js';

const objects = [{ type: 'text', name: 'prompt', value: 'prompt' }];
const one = textareaControlSchema.parse({ type: 'textarea', name: 'answer', toName: 'prompt', maxSubmissions: 1 });
const many = textareaControlSchema.parse({ type: 'textarea', name: 'answer', toName: 'prompt', maxSubmissions: 2 });
const unlimited = textareaControlSchema.parse({ type: 'textarea', name: 'answer', toName: 'prompt' });
let n = 0;
const newId = () => `t${++n}`;

describe('textarea editing', () => {
  it('writes what is typed as Label Studio stores it, and the server check takes it', () => {
    const items = editText(one, [], 0, '这个回答更准确。\n第二行', newId);
    expect(items).toEqual([{ id: 't1', from_name: 'answer', to_name: 'prompt', type: 'textarea', value: { text: ['这个回答更准确。\n第二行'] } }]);
    expect(problems({ objects, controls: [one] }, items)).toEqual([]);
    // Editing again keeps the item's id.
    expect(editText(one, items, 0, 'changed', newId)[0]?.id).toBe('t1');
  });

  it('opens a new box only below maxSubmissions and when the last box is used', () => {
    expect(canAddText(one, ['a'])).toBe(false);
    expect(canAddText(many, ['a'])).toBe(true);
    expect(canAddText(many, ['a', ''])).toBe(false);
    expect(canAddText(many, ['a', 'b'])).toBe(false);
    expect(canAddText(unlimited, [])).toBe(false);
    expect(canAddText(unlimited, ['a', 'b', 'c'])).toBe(true);
  });

  it('appends, removes, and drops blank boxes when the worker leaves them', () => {
    let items = editText(unlimited, [], 0, 'first', newId);
    items = editText(unlimited, items, 1, '', newId);
    items = editText(unlimited, items, 2, 'third', newId);
    expect(textsOf(items)).toEqual(['first', '', 'third']);
    expect(textsOf(withoutBlankTexts(unlimited, items, newId))).toEqual(['first', 'third']);
    expect(textsOf(removeText(unlimited, items, 0, newId))).toEqual(['', 'third']);
    expect(withoutBlankTexts(unlimited, editText(unlimited, [], 0, '  ', newId), newId)).toEqual([]);
    expect(removeText(one, editText(one, [], 0, 'x', newId), 0, newId)).toEqual([]);
  });
});
