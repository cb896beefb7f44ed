import type { LabelConfig } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { buildResult, itemsOf, missingRequired, pressed, type Answer } from './build-result';

const config: LabelConfig = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    { type: 'choices', name: 'sentiment', toName: 'text', multiple: false, required: true,
      choices: [{ value: 'positive' }, { value: 'negative' }] },
    { type: 'choices', name: 'topics', toName: 'text', multiple: true, required: false,
      choices: [{ value: 'price' }, { value: 'service' }, { value: 'delivery' }] },
  ],
};
const [sentiment, topics] = config.controls as [LabelConfig['controls'][0], LabelConfig['controls'][0]];
let n = 0;
const newId = () => `id${++n}`;
const press = (answer: Answer, control: LabelConfig['controls'][0], ...values: string[]) =>
  values.reduce((a, v) => pressed(a, control, v, newId), answer);

describe('pressing a choice', () => {
  it('replaces the answer of a single-choice control and toggles a multiple-choice one', () => {
    let a = press([], sentiment, 'positive', 'negative');
    expect(itemsOf(a, sentiment).map((i) => i.value.choices)).toEqual([['negative']]);
    a = press(a, topics, 'service', 'price', 'service');
    expect(itemsOf(a, topics).map((i) => i.value.choices)).toEqual([['price']]);
  });

  it('keeps the item id while the answer changes', () => {
    const a = press([], sentiment, 'positive');
    const b = press(a, sentiment, 'negative');
    expect(itemsOf(b, sentiment)[0]?.id).toBe(itemsOf(a, sentiment)[0]?.id);
  });
});

describe('buildResult', () => {
  it('writes Label Studio result items in the config order of the controls and of the choices', () => {
    const a = press(press([], topics, 'delivery', 'price'), sentiment, 'positive');
    const items = buildResult(config, a);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } });
    expect(items[1]).toMatchObject({ from_name: 'topics', value: { choices: ['price', 'delivery'] } });
    expect(items[0]?.id).not.toBe(items[1]?.id);
  });

  it('leaves out cleared optional controls and reports unanswered required ones', () => {
    const cleared = press(press([], sentiment, 'negative'), topics, 'price', 'price');
    expect(buildResult(config, cleared)).toHaveLength(1);
    expect(missingRequired(config, press([], topics, 'price'))?.name).toBe('sentiment');
    expect(missingRequired(config, press([], sentiment, 'positive'))).toBeUndefined();
  });

  it('keeps entries no view edits (relations, controls it does not know) as they are', () => {
    const relation = { type: 'relation' as const, from_id: 'a', to_id: 'b', direction: 'right' as const };
    const other = { id: 'x', from_name: 'gone', to_name: 'text', type: 'textarea', value: { text: ['kept'] } };
    const built = buildResult(config, press([relation, other], sentiment, 'positive'));
    expect(built.slice(1)).toEqual([relation, other]);
  });
});
