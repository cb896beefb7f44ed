import { describe, expect, it } from 'vitest';
import { findUnstorable, MAX_NESTING_DEPTH, printable, unstorableError } from './storable-value.js';

const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;

describe('findUnstorable', () => {
  it('accepts ordinary values, Chinese text and surrogate pairs (emoji)', () => {
    expect(findUnstorable({ text: '这条评论很好 👍', n: 1, ok: true, none: null, list: [1, 'a', { b: 'c' }] })).toBeUndefined();
    expect(findUnstorable(nested(MAX_NESTING_DEPTH))).toBeUndefined();
  });

  it('finds a NUL or a lone surrogate in a value or a key, with its path', () => {
    expect(findUnstorable({ a: [{ b: 'x\u0000' }] })).toEqual({ problem: 'nul', path: ['a', 0, 'b'] });
    expect(findUnstorable({ a: 'x\ud800' })).toEqual({ problem: 'lone_surrogate', path: ['a'] });
    expect(findUnstorable({ a: '\udc00x' })).toEqual({ problem: 'lone_surrogate', path: ['a'] });
    expect(findUnstorable({ ok: 1, 'k\u0000': 1 })).toEqual({ problem: 'nul', path: ['k\u0000'] });
  });

  it('stops one level past the limit, even for a value 100,000 deep', () => {
    expect(findUnstorable(nested(MAX_NESTING_DEPTH + 1))?.problem).toBe('too_deep');
    const fault = findUnstorable({ result: nested(100_000) });
    expect(fault?.problem).toBe('too_deep');
    expect(fault?.path[0]).toBe('result');
  });
});

describe('unstorableError', () => {
  it('names the field without quoting the bad character itself', () => {
    const error = unstorableError({ problem: 'nul', path: ['k\u0000'] }, { root: 'body', where: 'line 3', details: { line: 3 } });
    expect(error.code).toBe('invalid_text');
    expect(error.message).toBe('line 3: body.k\\u0000 holds a NUL character (U+0000), which text may not contain');
    expect(error.details).toEqual({ line: 3, field: 'body.k\\u0000', problem: 'nul' });
    expect(unstorableError({ problem: 'too_deep', path: ['result', 0, 0] }, { root: 'body' }).details).toEqual({ field: 'body.result', limit: 64 });
  });

  it('printable escapes only what cannot be stored', () => {
    expect(printable('a\u0000b\ud800c👍')).toBe('a\\u0000b\\ud800c👍');
  });
});
