import { describe, expect, it } from 'vitest';
import { canonicalJson, sameTaskData, storedDataHash, taskDataHash } from './data-hash.js';

describe('task data hash', () => {
  it('is the same for the same values in another key order, at every depth', () => {
    const a = { text: '好的', lang: 'zh', meta: { b: 1, a: [{ y: 2, x: 1 }] } };
    const b = { meta: { a: [{ x: 1, y: 2 }], b: 1 }, lang: 'zh', text: '好的' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(storedDataHash(JSON.stringify(a))).toBe(storedDataHash(JSON.stringify(b)));
    expect(sameTaskData(JSON.stringify(a), JSON.stringify(b))).toBe(true);
  });

  it('differs when a value differs, and array order counts', () => {
    expect(sameTaskData('{"text":"a","n":1}', '{"text":"a","n":2}')).toBe(false);
    expect(canonicalJson({ l: [1, 2] })).not.toBe(canonicalJson({ l: [2, 1] }));
    expect(taskDataHash('{"text":"a"}')).not.toBe(taskDataHash('{"text":"b"}'));
  });

  it('is a non-negative 32-bit integer', () => {
    for (const s of ['', '{}', '{"text":"😀 腾讯"}', 'x'.repeat(10_000)]) {
      const h = taskDataHash(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});
