import { describe, it, expect } from 'vitest';
import { detectLanguage } from './language.js';
import { cleanRecords } from './pipeline.js';

describe('detectLanguage', () => {
  it('tells scripts and a few Latin languages apart', () => {
    expect(detectLanguage('今天天气很好，我们去公园。')).toBe('zh');
    expect(detectLanguage('今日はいい天気ですね。')).toBe('ja');
    expect(detectLanguage('오늘 날씨가 좋네요')).toBe('ko');
    expect(detectLanguage('The weather is nice and the park is open.')).toBe('en');
    expect(detectLanguage('Le chat est sur la table avec une souris.')).toBe('fr');
    expect(detectLanguage('Der Hund ist nicht in dem Haus und die Katze auch.')).toBe('de');
    expect(detectLanguage('Привет, как дела?')).toBe('ru');
    expect(detectLanguage('مرحبا بالعالم')).toBe('ar');
    expect(detectLanguage('12345 !!!')).toBe('und');
  });

  it('picks the dominant script of mixed text, Han weighted double', () => {
    expect(detectLanguage('我们用 Python 写代码')).toBe('zh');
    expect(detectLanguage('This sentence is mostly English with 中文 words')).toBe('en');
  });
});

describe('language step', () => {
  it('keeps allowed languages, drops others, optionally records the language', async () => {
    const { records, report } = await cleanRecords({ steps: [{ step: 'language', allowed: ['zh', 'en'], field: 'lang' }] }, [
      { text: '你好世界' },
      { text: 'hello world' },
      { text: 'Привет мир' },
      { text: '...' },
    ]);
    expect(records).toEqual([
      { text: '你好世界', lang: 'zh' },
      { text: 'hello world', lang: 'en' },
    ]);
    expect(report.steps[0]!.findings['dropped:ru']?.count).toBe(1);
    expect(report.steps[0]!.findings['dropped:und']?.count).toBe(1);
  });

  it('can keep undetermined texts', async () => {
    const { records } = await cleanRecords({ steps: [{ step: 'language', allowed: ['zh'], undetermined: 'keep' }] }, [{ text: '123' }]);
    expect(records).toHaveLength(1);
  });
});
