import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  INSECURE_TEST_HASHING_ENV,
  needsRehash,
  NO_PASSWORD_HASH,
  OWASP_SCRYPT_COST,
  passwordHashCost,
  TEST_ONLY_SCRYPT_COST,
  verifyDummyPassword,
  verifyPassword,
} from './password.js';

describe('password hashing', () => {
  it("uses OWASP's scrypt cost unless the test-only switch is set, and never in production", () => {
    expect(passwordHashCost({})).toEqual({ N: 16384, r: 8, p: 5 });
    expect(passwordHashCost({ [INSECURE_TEST_HASHING_ENV]: 'false' })).toBe(OWASP_SCRYPT_COST);
    expect(passwordHashCost({ [INSECURE_TEST_HASHING_ENV]: 'true' })).toBe(TEST_ONLY_SCRYPT_COST);
    expect(() => passwordHashCost({ [INSECURE_TEST_HASHING_ENV]: 'true', NODE_ENV: 'production' })).toThrow(/refused when NODE_ENV=production/);
    expect(() => passwordHashCost({ [INSECURE_TEST_HASHING_ENV]: 'yes' })).toThrow(/must be true or false/);
  });

  it('stores the cost in the hash, so a hash of any cost verifies and one of another cost asks for a rehash', async () => {
    const owasp = await hashPassword('correct horse', OWASP_SCRYPT_COST);
    expect(owasp).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('correct horse', owasp)).toBe(true);
    expect(await verifyPassword('correct horsE', owasp)).toBe(false);
    expect(needsRehash(owasp, OWASP_SCRYPT_COST)).toBe(false);

    // What Biaozhu stored before: N=2^14, r=8, p=1.
    const legacy = await hashPassword('correct horse', { N: 16384, r: 8, p: 1 });
    expect(await verifyPassword('correct horse', legacy)).toBe(true);
    expect(needsRehash(legacy, OWASP_SCRYPT_COST)).toBe(true);
  });

  it('never matches a malformed or absurd stored hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1099511627776$8$1$c2FsdA==$a2V5')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$10$8$1$c2FsdA==$a2V5')).toBe(false);
    // An invited account's placeholder: no password opens it, not even an empty one.
    expect(await verifyPassword('', NO_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword('none$', NO_PASSWORD_HASH)).toBe(false);
  });

  it('spends a check on the dummy hash and always says no', async () => {
    expect(await verifyDummyPassword('anything', TEST_ONLY_SCRYPT_COST)).toBe(false);
  });
});
