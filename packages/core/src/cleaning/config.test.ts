import { describe, it, expect } from 'vitest';
import { PipelineConfigError, formatPath, parsePipelineConfig } from './config.js';

function issues(input: unknown): string[] {
  try {
    parsePipelineConfig(input);
  } catch (e) {
    if (e instanceof PipelineConfigError) return e.issues;
    throw e;
  }
  return [];
}

describe('parsePipelineConfig', () => {
  it('fills defaults', () => {
    const c = parsePipelineConfig({ steps: [{ step: 'normalize' }, { step: 'dedup-near' }, { step: 'pii' }] });
    expect(c.textField).toBe('text');
    expect(c.steps[1]).toMatchObject({ step: 'dedup-near', threshold: 0.8, ngram: 3, numPerm: 128 });
    expect(c.steps[2]).toMatchObject({ step: 'pii', mode: 'mask' });
  });

  it('names the path of a bad value', () => {
    expect(issues({ steps: [{ step: 'normalize' }, { step: 'dedup-near', threshold: 1.5 }] })).toEqual([
      'steps[1].threshold: must be between 0 and 1',
    ]);
  });

  it('rejects unknown steps, unknown options and bad enums', () => {
    expect(issues({ steps: [{ step: 'nope' }] })[0]).toMatch(/^steps\[0\]\.step: unknown step/);
    const bad = issues({ steps: [{ step: 'pii', mode: 'erase', colour: 1 }] });
    expect(bad.some((i) => i.startsWith('steps[0].mode:'))).toBe(true);
    expect(bad).toContain('steps[0]: unknown option(s) "colour"');
    expect(issues({ steps: 'x' })[0]).toMatch(/^steps:/);
    expect(issues({ textField: '', steps: [] })).toEqual(['textField: must not be empty']);
  });

  it('checks cross-field rules', () => {
    expect(issues({ steps: [{ step: 'dedup-near', numPerm: 16, bands: 32 }] })).toEqual(['steps[0].bands: must be <= numPerm']);
    expect(issues({ steps: [{ step: 'keywords' }] })).toEqual(['steps[0].library: needs library or libraryFile']);
    expect(issues({ steps: [{ step: 'language', allowed: [] }] })).toEqual(['steps[0].allowed: must list at least one language']);
    expect(issues({ steps: [{ step: 'dedup-near', ngram: 0 }] })).toEqual(['steps[0].ngram: must be >= 1']);
  });

  it('formats paths', () => {
    expect(formatPath(['steps', 3, 'kinds', 0])).toBe('steps[3].kinds[0]');
    expect(formatPath([])).toBe('(root)');
  });
});
