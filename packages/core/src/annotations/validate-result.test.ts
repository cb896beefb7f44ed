import { labelConfigSchema } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { validateResult } from './validate-result.js';

const config = labelConfigSchema.parse({
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    { type: 'choices', name: 'sentiment', toName: 'text', choices: [{ value: 'pos' }, { value: 'neg' }] },
    { type: 'choices', name: 'topics', toName: 'text', multiple: true, required: false, choices: [{ value: 'a' }, { value: 'b' }] },
  ],
});

const item = (from_name: string, choices: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'x1',
  from_name,
  to_name: 'text',
  type: 'choices',
  value: { choices },
  ...extra,
});

function codeOf(input: unknown): string {
  try {
    validateResult(config, input, { text: 'Great service' });
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

describe('result validation', () => {
  it('accepts answers and keeps unknown keys of Label Studio items', () => {
    const out = validateResult(config, [item('sentiment', ['pos'], { origin: 'manual', score: 0.5 }), item('topics', ['a', 'b'])], {});
    expect(out[0]).toEqual(item('sentiment', ['pos'], { origin: 'manual', score: 0.5 }));
  });

  it('names the control in every refusal', () => {
    expect(codeOf([item('sentiment', ['maybe'])])).toBe('unknown_choice: result[0].value.choices: "maybe" is not a choice of control "sentiment"');
    expect(codeOf([item('topics', ['a'])])).toBe('missing_required: result: required control "sentiment" has no answer');
    expect(codeOf([item('mood', ['pos'])])).toMatch(/^unknown_control: .*"mood"/);
    expect(codeOf([item('sentiment', ['pos', 'neg'])])).toMatch(/^too_many_choices: .*"sentiment"/);
    expect(codeOf([item('sentiment', 'pos')])).toMatch(/^invalid_value: result\[0\]\.value\.choices/);
    expect(codeOf([{ ...item('sentiment', ['pos']), to_name: 'image' }])).toMatch(/^wrong_object: /);
    expect(codeOf([item('sentiment', ['pos']), item('sentiment', ['neg'])])).toMatch(/^duplicate_control: /);
    expect(codeOf([{ from_name: 'sentiment' }])).toMatch(/^invalid_result: result\[0\]\.to_name/);
    expect(codeOf('nope')).toMatch(/^invalid_result: /);
  });

  it('lets an optional control stay empty', () => {
    expect(codeOf([item('sentiment', ['neg']), item('topics', [])])).toBe('ok');
  });
});
