import type { LabelConfig } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { applyFieldMap, missingDataKey, missingDataKeyError, parseFieldMap, requiredDataKeys } from './data-keys.js';

const config = {
  objects: [
    { type: 'text', name: 'prompt', value: 'prompt' },
    { type: 'text', name: 'answer', value: 'answer' },
    { type: 'text', name: 'again', value: 'prompt' },
  ],
  controls: [],
} as unknown as LabelConfig;

describe('the data keys a config shows', () => {
  it('lists each key once, with the first object that shows it', () => {
    expect(requiredDataKeys(config)).toEqual([
      { key: 'prompt', object: 'prompt' },
      { key: 'answer', object: 'answer' },
    ]);
  });

  it('finds the missing key and names it, its object, the line and the keys the record has', () => {
    const data = { question: 'q', answer: 'a' };
    const missing = missingDataKey(data, requiredDataKeys(config));
    expect(missing).toEqual({ key: 'prompt', object: 'prompt' });
    const error = missingDataKeyError(7, missing!, data, undefined);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toMatch(/line 7: .*"prompt" \(object "prompt"\).*"question", "answer".*fieldMap/);
    expect(error.details).toMatchObject({ line: 7, key: 'prompt', keys: ['question', 'answer'] });
  });

  it('moves mapped columns under their keys and never overwrites a key the record has', () => {
    const map = parseFieldMap('{"prompt": "question"}');
    expect(applyFieldMap({ question: 'q', answer: 'a' }, map)).toEqual({ prompt: 'q', answer: 'a' });
    const both = { question: 'q', prompt: 'kept' };
    expect(applyFieldMap(both, map)).toBe(both);
    expect(missingDataKey(applyFieldMap({ answer: 'a' }, map), requiredDataKeys(config))).toEqual({ key: 'prompt', object: 'prompt' });
  });

  it('refuses maps that are not objects of strings, reuse a column, or name __proto__', () => {
    expect(() => parseFieldMap('[1]')).toThrow(/fieldMap: expected an object/);
    expect(() => parseFieldMap('{"a":')).toThrow(/not JSON/);
    expect(() => parseFieldMap({ text: 3 })).toThrow(/fieldMap.text: the column must be/);
    expect(() => parseFieldMap({ a: 'x', b: 'x' })).toThrow(/fieldMap.b: column "x" is mapped to two keys/);
    expect(() => parseFieldMap('{"__proto__": "x"}')).toThrow(/__proto__/);
    expect(parseFieldMap('')).toBeUndefined();
  });
});
