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

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z or Ctrl+Y; other chords are left to the browser', () => {
    expect(resolveKey(config, 0, 'Mod+z')).toEqual({ type: 'undo' });
    expect(resolveKey(config, 0, 'Mod+Shift+z')).toEqual({ type: 'redo' });
    expect(resolveKey(config, 0, 'Mod+y')).toEqual({ type: 'redo' });
    expect(resolveKey(config, 0, 'Mod+c')).toBeNull();
    expect(resolveKey(config, 0, 'Mod+v')).toBeNull();
  });

  it('moves the text caret with the left/right arrows (Ctrl: by word), Home and End, Shift selecting', () => {
    expect(resolveKey(config, 0, 'ArrowLeft')).toEqual({ type: 'caret', move: { by: 'char', step: -1, extend: false } });
    expect(resolveKey(config, 0, 'Shift+ArrowRight')).toEqual({ type: 'caret', move: { by: 'char', step: 1, extend: true } });
    expect(resolveKey(config, 0, 'Mod+Shift+ArrowLeft')).toEqual({ type: 'caret', move: { by: 'word', step: -1, extend: true } });
    expect(resolveKey(config, 0, 'Mod+ArrowRight')).toEqual({ type: 'caret', move: { by: 'word', step: 1, extend: false } });
    expect(resolveKey(config, 0, 'Shift+End')).toEqual({ type: 'caret', move: { by: 'edge', step: 1, extend: true } });
    expect(resolveKey(config, 0, 'Home')).toEqual({ type: 'caret', move: { by: 'edge', step: -1, extend: false } });
    // Up and down still move between controls; a label key is no caret key.
    expect(resolveKey(config, 0, 'ArrowDown')).toEqual({ type: 'focus', index: 1 });
    expect(resolveKey(config, 0, 'Shift+ArrowDown')).toBeNull();
    expect(resolveKey(config, 0, ' ')).toEqual({ type: 'make' });
  });

  it('removes the selected region with Delete or Backspace, cancels with Escape and moves the selection with brackets', () => {
    expect(resolveKey(config, 0, 'Delete')).toEqual({ type: 'delete' });
    expect(resolveKey(config, 0, 'Backspace')).toEqual({ type: 'delete' });
    expect(resolveKey(config, 0, 'Escape')).toEqual({ type: 'cancel' });
    expect(resolveKey(config, 0, ']')).toEqual({ type: 'move', step: 1 });
    expect(resolveKey(config, 0, '[')).toEqual({ type: 'move', step: -1 });
  });

  it("gives a span label's keys and the relation key to their controls", () => {
    const ner: LabelConfig = {
      objects: [{ type: 'text', name: 'text', value: 'text' }],
      controls: [
        { type: 'labels', name: 'ner', toName: 'text', multiple: false, required: false, labels: [{ value: 'PER' }, { value: 'ORG', hotkey: 'o' }] },
        { type: 'relations', name: 'relations', multiple: true, labels: [{ value: 'works_for' }] },
      ],
    };
    expect(resolveKey(ner, 0, '1')).toMatchObject({ type: 'press', control: { name: 'ner' }, target: 'PER' });
    expect(resolveKey(ner, 1, 'o')).toMatchObject({ type: 'press', control: { name: 'ner' }, target: 'ORG' });
    expect(resolveKey(ner, 0, 'r')).toMatchObject({ type: 'press', control: { name: 'relations' }, target: 'link' });
    expect(resolveKey(ner, 1, '1')).toMatchObject({ type: 'press', control: { name: 'relations' }, target: 'label:works_for' });
    expect(keyHint(ner, ner.controls[0]!, 'PER', true)).toBe('1');
    expect(keyHint(ner, ner.controls[1]!, 'link', false)).toBe('R');
  });

  it('shows digits only on the active control', () => {
    expect(keyHint(config, sentiment, 'positive', true)).toBe('1');
    expect(keyHint(config, sentiment, 'positive', false)).toBeNull();
    expect(keyHint(config, topics, 'service', false)).toBe('V');
  });
});
