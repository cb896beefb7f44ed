import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { readLoginName } from './login-name.js';

describe('readLoginName', () => {
  it('reads an email lower-cased and a phone in E.164', () => {
    expect(readLoginName('  Ann@School.CN ')).toEqual({ kind: 'email', value: 'ann@school.cn' });
    expect(readLoginName('+86 138-0013-8000')).toEqual({ kind: 'phone', value: '+8613800138000' });
  });

  it('refuses a text that is neither, naming the field, whatever accounts exist', () => {
    const error = (() => {
      try {
        readLoginName('ann');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid_login', details: { field: 'login' } });
  });
});
