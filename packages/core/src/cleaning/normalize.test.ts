import { describe, it, expect } from 'vitest';
import { parsePipelineConfig } from './config.js';
import type { NormalizeOptions } from '@biaozhu/contract';
import { NormalizeStep, nfkcKeepingCjkPunctuation } from './normalize.js';

function step(extra: Partial<NormalizeOptions> = {}): NormalizeStep {
  const c = parsePipelineConfig({ steps: [{ step: 'normalize', ...extra }] });
  return new NormalizeStep(c.steps[0] as NormalizeOptions, 3);
}

describe('normalize', () => {
  it('maps full-width letters and digits to ASCII but keeps Chinese punctuation', () => {
    expect(step().normalize('ＡＢＣ１２３ 你好，世界！（测试）')).toBe('ABC123 你好，世界！（测试）');
    expect(nfkcKeepingCjkPunctuation('ｈｅｌｌｏ，ｗｏｒｌｄ！')).toBe('hello,world!');
    expect(nfkcKeepingCjkPunctuation('价格（元）：１００')).toBe('价格（元）：100');
  });

  it('turns CJK punctuation into ASCII when asked', () => {
    expect(step({ cjkPunctuation: 'ascii' }).normalize('你好，世界！')).toBe('你好,世界!');
  });

  it('removes zero-width characters, BOM, bidi marks and controls', () => {
    expect(step().normalize('\uFEFFa\u200Bb\u200Dc\u202Ed\u2066e\u0007f\u00ADg')).toBe('abcdefg');
  });

  it('collapses whitespace, keeping lines by default', () => {
    expect(step().normalize('  a \t  b\u3000c  \r\n\r\n\r\n\n  d  ')).toBe('a b c\n\nd');
    expect(step({ whitespace: 'collapse' }).normalize(' a \n\n b ')).toBe('a b');
    expect(step({ whitespace: 'keep' }).normalize(' a  b ')).toBe(' a  b ');
  });

  it('converts Traditional to Simplified with OpenCC when asked', async () => {
    const s = step({ toSimplified: true });
    await s.init();
    expect(s.normalize('漢語軟體與臺灣')).toBe('汉语软体与台湾');
    expect(step().normalize('漢語')).toBe('漢語');
  });

  it('counts changed records and findings', () => {
    const s = step();
    const items = [
      { index: 0, record: {}, text: 'same' },
      { index: 1, record: {}, text: 'a\u200Bb' },
    ];
    s.process(items);
    const r = s.report();
    expect(r).toMatchObject({ in: 2, out: 2, changed: 1 });
    expect(r.findings.invisible?.count).toBe(1);
    expect(items[1]!.text).toBe('ab');
  });
});
