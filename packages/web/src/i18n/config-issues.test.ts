import { CONFIG_ISSUE_CODES } from '@biaozhu/label-types';
import { describe, expect, it } from 'vitest';
import en from './config-issues.en.json';
import zhCN from './config-issues.zh-CN.json';

// Every issue the label-config checker can produce (label-types' CONFIG_ISSUE_CODES, the type its checks must use)
// has words in both languages, so the wizard's live check and the settings page never fall back to English.
describe('label config issue words', () => {
  it('exist in English and Chinese for every issue code, and for no other', () => {
    for (const [lang, words] of [['en', en.configIssues], ['zh-CN', zhCN.configIssues]] as const) {
      const have = Object.keys(words);
      expect(CONFIG_ISSUE_CODES.filter((c) => !have.includes(c)).map((c) => `${lang} lacks ${c}`)).toEqual([]);
      expect(have.filter((c) => !(CONFIG_ISSUE_CODES as readonly string[]).includes(c)).map((c) => `${lang} has unknown ${c}`)).toEqual([]);
    }
  });

  it('fill in the same names in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const code of CONFIG_ISSUE_CODES) expect(names(zhCN.configIssues[code]), code).toEqual(names(en.configIssues[code]));
  });
});
