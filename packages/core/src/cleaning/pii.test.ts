import { describe, it, expect } from 'vitest';
import { parsePipelineConfig } from './config.js';
import type { PiiOptions } from '@biaozhu/contract';
import { PiiStep, maskPii, redactPii, scanPii } from './pii.js';
import { luhnValid, residentIdCheckChar, validIpv6, validateResidentId } from './pii-validators.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const kinds = (t: string) => scanPii(t, undefined, NOW).detections.map((d) => `${d.kind}:${d.value}`);

describe('resident ID validator (GB 11643-1999)', () => {
  it('accepts the examples from the standard, x as X', () => {
    expect(validateResidentId('11010519491231002X', NOW)).toBe('valid');
    expect(validateResidentId('53010219200508011X', NOW)).toBe('valid');
    expect(validateResidentId('53010219200508011x', NOW)).toBe('valid');
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('rejects a wrong check character, impossible or future birth dates', () => {
    expect(validateResidentId('110105194912310021', NOW)).toBe('bad_check');
    expect(validateResidentId('110105194902300028', NOW)).toBe('bad_date'); // 30 February
    const future = '11010520300101001';
    expect(validateResidentId(future + residentIdCheckChar(future), NOW)).toBe('future_date');
    const leap = '11010520000229001';
    expect(validateResidentId(leap + residentIdCheckChar(leap), NOW)).toBe('valid');
    const notLeap = '11010519000229001';
    expect(validateResidentId(notLeap + residentIdCheckChar(notLeap), NOW)).toBe('bad_date');
  });
});

describe('scanPii', () => {
  it('finds IDs, phones, emails, cards, plates and IP addresses', () => {
    expect(kinds('身份证11010519491231002X，电话13812345678，邮箱 zhang.san@example.com')).toEqual([
      'id_card:11010519491231002X',
      'phone:13812345678',
      'email:zhang.san@example.com',
    ]);
    expect(kinds('银行卡号：6222 0202 0011 2233 446')).toEqual(['bank_card:6222 0202 0011 2233 446']);
    expect(kinds('card 4111111111111111')).toEqual(['bank_card:4111111111111111']);
    expect(kinds('see 4111111111111111')).toEqual([]);
    // UnionPay prefix (62) and Luhn without context words is enough; a Luhn-valid ID look-alike is never a card.
    expect(luhnValid('6222020200112233446')).toBe(true);
    expect(kinds('see 6222020200112233446')).toEqual(['bank_card:6222020200112233446']);
    expect(luhnValid('510104196506251007')).toBe(true);
    expect(kinds('号码 510104196506251007')).toEqual([]);
    // ...but an ID-shaped card number (1808-06-03, wrong check character) after card words is a card.
    expect(validateResidentId('626213180806036799', NOW)).toBe('bad_check');
    expect(kinds('卡号626213180806036799')).toEqual(['bank_card:626213180806036799']);
    expect(kinds('京A12345 粤BD12345 沪AF1234 苏E·12345')).toEqual(['plate:京A12345', 'plate:粤BD12345', 'plate:沪AF1234', 'plate:苏E·12345']);
    expect(kinds('ip 192.168.1.23 and 2001:db8::8a2e:370:7334')).toEqual(['ipv4:192.168.1.23', 'ipv6:2001:db8::8a2e:370:7334']);
    expect(kinds('+86 138-1234-5678')).toEqual(['phone:+86 138-1234-5678']);
  });

  it('ignores look-alikes: wrong check digits, order numbers, dates, longer digit runs, times', () => {
    expect(kinds('身份证 110105194912310021')).toEqual([]);
    expect(kinds('订单号 6222020200112233445 日期 20240512 2024-05-12')).toEqual([]);
    expect(kinds('编号 138123456789012')).toEqual([]);
    expect(kinds('11010519491231002X1')).toEqual([]);
    expect(kinds('std::cout at 12:30:45, version 1.2.3.4.5, 999.1.1.1')).toEqual([]);
    // A Luhn-valid number after order-number words is not a bank card.
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(kinds('订单号 4111111111111111')).toEqual([]);
    // A phone-shaped number after order words is not a phone.
    expect(kinds('运单号 13812345678')).toEqual([]);
    // Context words are whole words: the end of a cut-off word such as 'pasenano.' is not 'no.'.
    expect(kinds('xx pasenano.on@163.com 电话14228616953')).toEqual(['email:pasenano.on@163.com', 'phone:14228616953']);
  });

  it('leaves out low-confidence detections unless asked for them', () => {
    expect(scanPii('订单号 4111111111111111', undefined, NOW).detections).toEqual([]);
    const all = scanPii('订单号 4111111111111111', undefined, NOW, 0).detections;
    expect(all.map((d) => [d.kind, d.confidence])).toEqual([['bank_card', 0]]);
  });

  it('validates IPv6 grammar', () => {
    expect(validIpv6('fe80::1')).toBe(true);
    expect(validIpv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(validIpv6('1::2::3')).toBe(false);
    expect(validIpv6('1:2:3')).toBe(false);
    expect(validIpv6('::ffff:192.168.1.1')).toBe(true);
  });
});

describe('redaction', () => {
  it('masks keeping length and format', () => {
    expect(maskPii('id_card', '11010519491231002X')).toBe('110105********002X');
    expect(maskPii('phone', '13812345678')).toBe('138****5678');
    expect(maskPii('phone', '+86 138-1234-5678')).toBe('+86 138-****-5678');
    expect(maskPii('bank_card', '6222020200112233445')).toBe('6222***********3445');
    expect(maskPii('email', 'zhang@example.com')).toBe('z****@example.com');
    expect(maskPii('ipv4', '192.168.1.23')).toBe('192.168.*.**');
  });

  it('uses typed placeholders, the same value getting the same token', () => {
    const t = '电话13812345678，再说一次13812345678，另一个13912345678';
    const d = scanPii(t).detections;
    expect(redactPii(t, d, 'placeholder')).toBe('电话[PHONE]，再说一次[PHONE]，另一个[PHONE]');
    expect(redactPii(t, d, 'placeholder', 'en', true)).toBe('电话[PHONE_1]，再说一次[PHONE_1]，另一个[PHONE_2]');
    expect(redactPii(t, d, 'placeholder', 'zh')).toBe('电话[手机号]，再说一次[手机号]，另一个[手机号]');
  });
});

describe('PiiStep', () => {
  const make = (o: Record<string, unknown>) =>
    new PiiStep(parsePipelineConfig({ steps: [{ step: 'pii', ...o }] }).steps[0] as PiiOptions, 2, () => NOW);
  const items = () => [
    { index: 0, record: {}, text: '没有个人信息' },
    { index: 1, record: {}, text: '电话13812345678' },
    { index: 2, record: {}, text: '身份证 110105194912310021 校验位错误' },
  ];

  it('masks and counts per kind, listing rejected look-alikes', () => {
    const s = make({ mode: 'mask' });
    const out = s.process(items());
    expect(out.map((i) => i.text)).toEqual(['没有个人信息', '电话138****5678', '身份证 110105194912310021 校验位错误']);
    const r = s.report();
    expect(r).toMatchObject({ in: 3, out: 3, changed: 1 });
    expect(r.findings.phone?.count).toBe(1);
    expect(r.findings['rejected:id_card:bad_check']?.count).toBe(1);
    expect(JSON.stringify(r)).not.toContain('13812345678');
  });

  it('drops records with personal information in drop mode', () => {
    const s = make({ mode: 'drop' });
    expect(s.process(items()).map((i) => i.index)).toEqual([0, 2]);
  });

  it('only looks for the kinds asked for', () => {
    const s = make({ kinds: ['email'] });
    expect(s.process(items()).map((i) => i.text)[1]).toBe('电话13812345678');
  });
});
