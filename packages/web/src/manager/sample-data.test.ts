import type { LabelConfig } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { sampleData } from './sample-data';

const config = {
  objects: [
    { type: 'text', name: 'prompt', value: 'prompt' },
    { type: 'image', name: 'img', value: 'photo' },
    { type: 'dialogue', name: 'chat', value: 'turns', nameKey: 'speaker', textKey: 'utterance' },
    { type: 'list', name: 'answers', value: 'items' },
  ],
  controls: [],
} as unknown as LabelConfig;

describe('sample data for a config preview', () => {
  it('has a value for every data key, shaped as its object type reads it', () => {
    const data = sampleData(config);
    expect(Object.keys(data).sort()).toEqual(['items', 'photo', 'prompt', 'turns']);
    expect(typeof data.prompt).toBe('string');
    expect(String(data.photo)).toMatch(/^data:image\/svg\+xml/);
    expect((data.turns as Record<string, unknown>[])[0]).toEqual({ speaker: 'user', utterance: expect.any(String) });
    expect((data.items as { id: number }[]).map((i) => i.id)).toEqual([1, 2, 3]);
  });

  it('keeps the sample a template brings for a key', () => {
    expect(sampleData(config, { prompt: '自带的示例' }).prompt).toBe('自带的示例');
  });
});
