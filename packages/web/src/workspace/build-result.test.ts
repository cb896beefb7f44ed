import type { LabelConfig } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { buildResult, missingRequired, pick } from './build-result';

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

describe('pick', () => {
  it('replaces the answer of a single-choice control and toggles a multiple-choice one', () => {
    let s = pick({}, sentiment, 'positive');
    s = pick(s, sentiment, 'negative');
    expect(s.sentiment).toEqual(['negative']);
    s = pick(s, topics, 'service');
    s = pick(s, topics, 'price');
    s = pick(s, topics, 'service');
    expect(s.topics).toEqual(['price']);
  });
});

describe('buildResult', () => {
  it('writes Label Studio result items in the config order of the choices', () => {
    const items = buildResult(config, { sentiment: ['positive'], topics: ['delivery', 'price'] });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } });
    expect(items[1]?.value).toEqual({ choices: ['price', 'delivery'] });
    expect(items[0]?.id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(items[0]?.id).not.toBe(items[1]?.id);
  });

  it('leaves out unanswered optional controls and reports unanswered required ones', () => {
    expect(buildResult(config, { sentiment: ['negative'], topics: [] })).toHaveLength(1);
    expect(missingRequired(config, { topics: ['price'] })?.name).toBe('sentiment');
    expect(missingRequired(config, { sentiment: ['positive'] })).toBeUndefined();
  });
});
