import { describe, expect, it } from 'vitest';
import { labelConfigSchema } from './label-config.js';
import { resultSchema } from './result-item.js';
import { configProblems } from './test-helpers.js';

const objects = [
  { type: 'text', name: 'prompt', value: 'prompt' },
  { type: 'text', name: 'answer_a', value: 'a' },
  { type: 'text', name: 'answer_b', value: 'b' },
];

describe('label config across types', () => {
  it('holds several objects per task (a prompt and its answers) with controls on each', () => {
    const config = labelConfigSchema.parse({
      objects,
      controls: [
        { type: 'pairwise', name: 'better', toName: ['answer_a', 'answer_b'] },
        { type: 'rating', name: 'rate_a', toName: 'answer_a' },
        { type: 'textarea', name: 'rewrite', toName: 'prompt', required: false },
      ],
    });
    expect(config.controls.map((c) => c.type)).toEqual(['pairwise', 'rating', 'textarea']);
  });

  it('names a control type it does not know, unique names and objects that exist', () => {
    expect(configProblems({ objects, controls: [{ type: 'polygon', name: 'p', toName: 'prompt' }] })[0]).toMatch(/^controls\.0\.type: /);
    expect(configProblems({ objects, controls: [{ type: 'rating', name: 'prompt', toName: 'prompt' }] })).toEqual(['controls.0.name: duplicate name "prompt"']);
    expect(configProblems({ objects: [...objects, objects[0]], controls: [{ type: 'rating', name: 'r', toName: 'nope' }] })).toEqual([
      'objects.3.name: duplicate object name "prompt"',
      'controls.0.toName: no object named "nope"',
    ]);
  });
});

describe('result entries', () => {
  it('take relation items without from_name, and name the field of a broken item', () => {
    const relation = { from_id: 'a', to_id: 'b', type: 'relation', direction: 'left' };
    expect(resultSchema.parse([relation])).toEqual([relation]);
    const broken = resultSchema.safeParse([{ from_name: 'x', type: 'choices', value: {} }]);
    expect(broken.error?.issues.map((i) => i.path)).toEqual([[0, 'to_name']]);
  });
});
