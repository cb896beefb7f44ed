import { describe, it, expect } from 'vitest';
import { looseKey } from './text-key.js';

describe('looseKey', () => {
  it('drops case, width, whitespace, punctuation, symbols and invisible characters', () => {
    expect(looseKey('Ｈｅｌｌｏ，  World!\u200B')).toBe('helloworld');
    expect(looseKey('你好，世界！（测试）😀 ©2024')).toBe('你好世界测试2024');
    expect(looseKey('Ünïcödé ß 𠀀𠀁')).toBe('ünïcödé ß 𠀀𠀁'.normalize('NFKC').replace(/ /g, ''));
    expect(looseKey('abc')).toBe('abc');
    expect(looseKey('')).toBe('');
  });
});
