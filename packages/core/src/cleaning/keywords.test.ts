import { describe, it, expect } from 'vitest';
import { AhoCorasick } from './aho-corasick.js';
import { checkKeywordLibrary } from './keywords.js';
import { cleanRecords } from './pipeline.js';

describe('AhoCorasick', () => {
  it('finds overlapping terms in one pass', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers', '赌博', '网络赌博']);
    const m = ac.search('ushers 参与网络赌博').map((x) => `${ac.terms[x.term]}@${x.end}`);
    expect(m).toEqual(['she@4', 'he@4', 'hers@6', '网络赌博@13', '赌博@13']);
    expect(new AhoCorasick([]).search('abc')).toEqual([]);
  });
});

describe('keyword library check', () => {
  it('reports shortfalls against the size and coverage figures', () => {
    const lib: Record<string, string[]> = { 'A.1.1': Array.from({ length: 200 }, (_, i) => `t${i}`), misc: ['x', 'x'] };
    const c = checkKeywordLibrary(lib, {});
    expect(c.totalTerms).toBe(201);
    expect(c.unmappedCategories).toEqual(['misc']);
    expect(c.shortfalls).toContainEqual({ what: 'total terms', have: 201, need: 10000 });
    expect(c.shortfalls.find((s) => s.what === 'risk A.1.1')).toBeUndefined();
    expect(c.shortfalls).toContainEqual({ what: 'risk A.1.2', have: 0, need: 200 });
    expect(c.shortfalls).toContainEqual({ what: 'risk A.2.9', have: 0, need: 100 });
    expect(c.shortfalls).toHaveLength(1 + 7 + 9);
  });

  it('accepts a library that meets every figure, with categories mapped to risks', () => {
    const lib: Record<string, string[]> = {};
    const map: Record<string, string> = {};
    let n = 0;
    for (let i = 1; i <= 8; i++) {
      lib[`cat${i}`] = Array.from({ length: 1000 }, () => `w${n++}`);
      map[`cat${i}`] = `A.1.${i}`;
    }
    for (let i = 1; i <= 9; i++) lib[`A.2.${i}`] = Array.from({ length: 250 }, () => `w${n++}`);
    expect(checkKeywordLibrary(lib, map).shortfalls).toEqual([]);
  });
});

describe('keywords step', () => {
  const library = { gambling: ['网络赌博', 'Casino'], spam: ['加微信'] };

  it('flags hits in a configurable field', async () => {
    const { records, report } = await cleanRecords({ steps: [{ step: 'keywords', library, field: 'hits' }] }, [
      { text: '欢迎来到 CASINO，加微信领取' },
      { text: '正常内容' },
    ]);
    expect(records[0]).toEqual({
      text: '欢迎来到 CASINO，加微信领取',
      hits: [
        { category: 'gambling', terms: ['Casino'] },
        { category: 'spam', terms: ['加微信'] },
      ],
    });
    expect(records[1]).toEqual({ text: '正常内容' });
    expect(report.steps[0]).toMatchObject({ in: 2, out: 2, changed: 1 });
    expect((report.steps[0]!.details!.library as { shortfalls: unknown[] }).shortfalls.length).toBeGreaterThan(0);
  });

  it('drops hits, case-sensitively when asked', async () => {
    const { records } = await cleanRecords({ steps: [{ step: 'keywords', library, action: 'drop', caseSensitive: true }] }, [
      { text: 'CASINO' },
      { text: 'Casino' },
    ]);
    expect(records).toEqual([{ text: 'CASINO' }]);
  });
});

describe('keyword libraries with category names that are Object.prototype members', () => {
  const library = { constructor: ['赌场'], toString: ['加微信'], hasOwnProperty: ['刷单'] };

  it('counts and flags them like any other category', async () => {
    const { records, report } = await cleanRecords({ steps: [{ step: 'keywords', library, field: 'hits' }] }, [{ text: '赌场 加微信 刷单' }]);
    expect(records[0]!.hits).toEqual([
      { category: 'constructor', terms: ['赌场'] },
      { category: 'toString', terms: ['加微信'] },
      { category: 'hasOwnProperty', terms: ['刷单'] },
    ]);
    expect(report.steps[0]!.findings).toEqual({
      constructor: expect.objectContaining({ count: 1 }),
      toString: expect.objectContaining({ count: 1 }),
      hasOwnProperty: expect.objectContaining({ count: 1 }),
    });
  });

  it('reports them as unmapped instead of mapping them to a prototype function', () => {
    const check = checkKeywordLibrary(library, {});
    expect(check.unmappedCategories).toEqual(['constructor', 'toString', 'hasOwnProperty']);
    expect(check.termsPerRisk).toEqual({});
  });

  it('counts a risk named __proto__ as an own entry', () => {
    const check = checkKeywordLibrary({ misc: ['x'] }, { misc: '__proto__' });
    expect(Object.hasOwn(check.termsPerRisk, '__proto__')).toBe(true);
  });
});
