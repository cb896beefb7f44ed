import { describe, expect, it } from 'vitest';
import { labelConfigSchema } from './label-config.js';

const valid = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [{ type: 'choices', name: 'sentiment', toName: 'text', choices: [{ value: 'pos', hotkey: '1' }, { value: 'neg', hotkey: '2' }] }],
};

const issues = (config: unknown) => {
  const r = labelConfigSchema.safeParse(config);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('label config validation', () => {
  it('accepts a choices control and fills defaults (single, required)', () => {
    const parsed = labelConfigSchema.parse(valid);
    expect(parsed.controls[0]).toMatchObject({ multiple: false, required: true });
  });

  it('names the path of each problem', () => {
    expect(issues({ ...valid, controls: [{ ...valid.controls[0], toName: 'image' }] })).toEqual(['controls.0.toName: no object named "image"']);
    expect(issues({ ...valid, controls: [{ ...valid.controls[0], choices: [] }] })[0]).toMatch(/^controls\.0\.choices:/);
    expect(
      issues({ ...valid, controls: [{ ...valid.controls[0], choices: [{ value: 'a', hotkey: '1' }, { value: 'a', hotkey: '1' }] }] }),
    ).toEqual(['controls.0.choices.1.value: duplicate choice "a"', 'controls.0.choices.1.hotkey: hotkey "1" used twice']);
    expect(issues({ ...valid, objects: [] })[0]).toMatch(/^objects:/);
    expect(issues({ ...valid, controls: [{ ...valid.controls[0], type: 'polygon' }] })[0]).toMatch(/^controls\.0\.type:/);
    expect(issues({ ...valid, controls: [{ ...valid.controls[0], name: 'text' }] })).toEqual(['controls.0.name: duplicate name "text"']);
  });
});
