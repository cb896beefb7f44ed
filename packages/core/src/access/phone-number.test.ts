import { describe, expect, it } from 'vitest';
import { readPhone } from './phone-number.js';

describe('readPhone', () => {
  it('reads a Chinese mobile however it is written as one number', () => {
    for (const written of ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '+86-13800138000', '0086 13800138000', '8613800138000', '(+86) 138.0013.8000', '＋８６ １３８００１３８０００']) {
      expect(readPhone(written), written).toEqual({ phone: '+8613800138000' });
    }
  });

  it('keeps other international numbers in E.164', () => {
    expect(readPhone('+1 (415) 555-2671')).toEqual({ phone: '+14155552671' });
    expect(readPhone('0044 20 7946 0958')).toEqual({ phone: '+442079460958' });
    expect(readPhone('+86 10 6552 9988')).toEqual({ phone: '+861065529988' });
  });

  it('says why a number is refused', () => {
    expect(readPhone('')).toEqual({ error: expect.stringContaining('empty') });
    expect(readPhone('138001380')).toEqual({ error: expect.stringContaining('not a Chinese mobile number') });
    expect(readPhone('+86 138 0013 800')).toEqual({ error: expect.stringContaining('+86 and 11 digits') });
    expect(readPhone('12345678901')).toEqual({ error: expect.stringContaining('country code') });
    expect(readPhone('call me')).toEqual({ error: expect.stringContaining('is not a phone number') });
    expect(readPhone('+0 123456789')).toEqual({ error: expect.stringContaining('international') });
    expect(readPhone('+1234567890123456')).toEqual({ error: expect.stringContaining('8 to 15 digits') });
  });
});
