import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../i18n/intake.en.json';
import zhCN from '../i18n/intake.zh-CN.json';
import { findingLabel } from './finding-label';

function translator(lng: 'en' | 'zh-CN') {
  const i18n = createInstance();
  void i18n.init({
    lng,
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  return i18n.t.bind(i18n) as (key: string, options?: Record<string, unknown>) => string;
}

describe('findingLabel', () => {
  const zh = translator('zh-CN');
  const eng = translator('en');

  it('says what a rejected PII look-alike is instead of its code', () => {
    const text = findingLabel(zh, 'rejected:id_card:bad_check');
    expect(text).toContain('身份证号');
    expect(text).toContain('校验码不对');
    expect(text).not.toMatch(/rejected|id_card|bad_check/);
    expect(findingLabel(eng, 'rejected:bank_card:luhn')).toContain('Luhn');
  });

  it('names the language the language step kept or dropped', () => {
    expect(findingLabel(zh, 'kept:zh')).toBe('保留：中文');
    expect(findingLabel(zh, 'dropped:und')).toBe('删除：无法判断');
    expect(findingLabel(eng, 'dropped:fr')).toBe('dropped: French');
  });

  it('looks up plain codes and leaves a keyword category as the manager typed it', () => {
    expect(findingLabel(zh, 'duplicate')).toBe('重复');
    expect(findingLabel(zh, '广告')).toBe('广告');
  });
});
