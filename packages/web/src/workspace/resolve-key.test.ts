import type { LabelConfig } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { keyHint, resolveKey } from './resolve-key';

const config: LabelConfig = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    { type: 'choices', name: 'sentiment', toName: 'text', multiple: false, required: true,
      choices: [{ value: 'positive' }, { value: 'negative' }, { value: 'neutral' }] },
    { type: 'choices', name: 'topics', toName: 'text', multiple: true, required: false,
      choices: [{ value: 'price' }, { value: 'service', hotkey: 'v' }] },
    { type: 'rating', name: 'stars', toName: 'text', maxRating: 5, required: false },
  ],
};
const [sentiment, topics] = config.controls as [LabelConfig['controls'][0], LabelConfig['controls'][0]];

describe('resolveKey', () => {
  it('picks the n-th choice of the active control with 1-9', () => {
    expect(resolveKey(config, 0, '2')).toMatchObject({ type: 'press', target: 'negative' });
    expect(resolveKey(config, 1, '1')).toMatchObject({ type: 'press', target: 'price' });
    expect(resolveKey(config, 0, '7')).toBeNull();
  });

  it('lets a choice hotkey answer whichever control is active', () => {
    expect(resolveKey(config, 0, 'v')).toMatchObject({ type: 'press', target: 'service' });
    expect(resolveKey(config, 0, 'V')).toMatchObject({ type: 'press', target: 'service' });
  });

  it('submits on Enter, skips on S and moves between controls with the arrows', () => {
    expect(resolveKey(config, 0, 'Enter')).toEqual({ type: 'submit' });
    expect(resolveKey(config, 0, 's')).toEqual({ type: 'skip' });
    expect(resolveKey(config, 0, 'ArrowDown')).toEqual({ type: 'focus', index: 1 });
    expect(resolveKey(config, 0, 'ArrowUp')).toEqual({ type: 'focus', index: 2 });
    expect(resolveKey(config, 0, 'x')).toBeNull();
  });

  it('gives a control without a view no keys', () => {
    expect(resolveKey(config, 2, '3')).toBeNull();
  });

  it('shows digits only on the active control', () => {
    expect(keyHint(config, sentiment, 'positive', true)).toBe('1');
    expect(keyHint(config, sentiment, 'positive', false)).toBeNull();
    expect(keyHint(config, topics, 'service', false)).toBe('V');
  });
});
