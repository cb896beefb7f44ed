import { describe, expect, it } from 'vitest';
import { redactRecordData } from './redact-record.js';

const NOW = new Date('2026-12-03T00:00:00Z');

describe('redacting a record by the project policy', () => {
  it('masks the kinds named in every string at any depth and counts them', () => {
    const data = {
      text: '请联系 13812345678 或 zhang.san@example.com',
      turns: [{ author: 'a', text: '我的手机是13987654321' }],
      n: 3,
    };
    const r = redactRecordData(data, { kinds: ['phone', 'email'], mode: 'placeholder' }, NOW);
    expect(JSON.stringify(r.data)).not.toMatch(/13812345678|13987654321|zhang\.san@example\.com/);
    expect(r.data.text).toBe('请联系 [PHONE] 或 [EMAIL]');
    expect(r.found).toEqual({ phone: 2, email: 1 });
    expect(r.data.n).toBe(3);
    expect(data.text).toContain('13812345678');
  });

  it('leaves kinds the policy does not name, and returns the same object when nothing is found', () => {
    const data = { text: 'zhang.san@example.com 没有电话' };
    const r = redactRecordData(data, { kinds: ['phone'], mode: 'mask' }, NOW);
    expect(r.data).toBe(data);
    expect(r.found).toEqual({});
  });
});
