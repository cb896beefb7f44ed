import type { LabelConfig } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { keyLabel, resolveKey } from './resolve-key';

const config: LabelConfig = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    { type: 'choices', name: 'sentiment', toName: 'text', multiple: false, required: true,
      choices: [{ value: 'positive' }, { value: 'negative' }, { value: 'neutral' }] },
    { type: 'choices', name: 'topics', toName: 'text', multiple: true, required: false,
      choices: [{ value: 'price' }, { value: 'service', hotkey: 'v' }] },
  ],
};

describe('resolveKey', () => {
  it('picks the n-th choice of the active control with 1-9', () => {
    expect(resolveKey(config, 0, '2')).toMatchObject({ type: 'pick', value: 'negative' });
    expect(resolveKey(config, 1, '1')).toMatchObject({ type: 'pick', value: 'price' });
    expect(resolveKey(config, 0, '7')).toBeNull();
  });

  it('lets a choice hotkey answer whichever control is active', () => {
    expect(resolveKey(config, 0, 'v')).toMatchObject({ type: 'pick', value: 'service' });
    expect(resolveKey(config, 0, 'V')).toMatchObject({ type: 'pick', value: 'service' });
  });

  it('submits on Enter, skips on S and moves between controls with the arrows', () => {
    expect(resolveKey(config, 0, 'Enter')).toEqual({ type: 'submit' });
    expect(resolveKey(config, 0, 's')).toEqual({ type: 'skip' });
    expect(resolveKey(config, 0, 'ArrowDown')).toEqual({ type: 'focus', index: 1 });
    expect(resolveKey(config, 0, 'ArrowUp')).toEqual({ type: 'focus', index: 1 });
    expect(resolveKey(config, 0, 'x')).toBeNull();
  });

  it('shows digits only on the active control', () => {
    expect(keyLabel(config, config.controls[0]!, 0, true)).toBe('1');
    expect(keyLabel(config, config.controls[0]!, 0, false)).toBeNull();
    expect(keyLabel(config, config.controls[1]!, 1, false)).toBe('V');
  });
});
