import { describe, it, expect } from 'vitest';
import { parsePipelineConfig } from './config.js';
import type { FilterOptions } from '@biaozhu/contract';
import { filterReason, mojibakeScore, repeatedCharRatio, repeatedLineRatio, symbolRatio } from './filter.js';
import { cleanRecords } from './pipeline.js';

const opts = (o: Record<string, unknown> = {}) => parsePipelineConfig({ steps: [{ step: 'filter', ...o }] }).steps[0] as FilterOptions;

describe('filter measures', () => {
  it('measures repeated characters, repeated lines and symbols', () => {
    expect(repeatedCharRatio('哈哈哈哈哈哈')).toBe(1);
    expect(repeatedCharRatio('今天天气很好')).toBe(0);
    expect(repeatedLineRatio('a\nb\na\na')).toBe(0.5);
    expect(repeatedLineRatio('one line')).toBe(0);
    expect(symbolRatio('!!??##ab')).toBe(0.75);
    expect(symbolRatio('你好，世界。')).toBeCloseTo(2 / 6);
  });

  it('recognises mojibake: UTF-8 read as Latin-1 or GBK, replacement characters', () => {
    const utf8AsLatin1 = Buffer.from('中文测试', 'utf8').toString('latin1');
    expect(mojibakeScore(utf8AsLatin1).latin1).toBeGreaterThanOrEqual(2);
    expect(mojibakeScore('CafÃ© dÃ©jÃ\u00A0vu').latin1).toBe(3);
    expect(mojibakeScore('锟斤拷锟斤拷').gbk).toBe(2);
    expect(mojibakeScore('涓枃銆傛垜锛屼綘').gbk).toBe(2);
    expect(mojibakeScore('a\uFFFDb').replacement).toBe(1);
    expect(mojibakeScore('Café déjà vu, naïve résumé').latin1).toBe(0);
    expect(mojibakeScore('今天“天气”很好。').gbk).toBe(0);
  });
});

describe('filter step', () => {
  it('names why a text is dropped', () => {
    expect(filterReason('', opts())).toBe('too_short');
    expect(filterReason('abcdef', opts({ maxLength: 5 }))).toBe('too_long');
    expect(filterReason('𠀀𠀁𠀂', opts({ maxLength: 3 }))).toBeUndefined();
    expect(filterReason('哈哈哈哈哈哈哈哈好', opts())).toBe('repeated_chars');
    expect(filterReason('同一行\n同一行\n同一行', opts())).toBe('repeated_lines');
    expect(filterReason('!!! ### $$$ %%% ok', opts({ maxRepeatedCharRatio: 1 }))).toBe('symbols');
    expect(filterReason('Ã©Ã©', opts())).toBe('mojibake_latin1');
    expect(filterReason('正常文本\uFFFD', opts())).toBe('replacement_chars');
    expect(filterReason('正常文本\uFFFD', opts({ maxReplacementChars: 1 }))).toBeUndefined();
    expect(filterReason('这是一段正常的中文文本。', opts())).toBeUndefined();
    expect(filterReason('Ã©Ã©', opts({ mojibake: false }))).toBeUndefined();
  });

  it('drops failing records and reports reasons', async () => {
    const { records, report } = await cleanRecords({ steps: [{ step: 'filter', minLength: 3 }] }, [
      { text: 'ok' },
      { text: '一段正常文本' },
      { text: '锟斤拷锟斤拷锟斤拷' },
    ]);
    expect(records).toEqual([{ text: '一段正常文本' }]);
    expect(report.steps[0]).toMatchObject({ in: 3, out: 1, changed: 0 });
    expect(Object.keys(report.steps[0]!.findings).sort()).toEqual(['mojibake_gbk', 'too_short']);
  });
});
