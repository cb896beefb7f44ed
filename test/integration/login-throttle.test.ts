import { createUser, hashPassword, PAIR_RULE, ADDRESS_RULE, passwordHashCost } from '@biaozhu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface Attempt {
  status: number;
  body: any;
  retryAfter: string | null;
}

/** One login attempt as a browser behind a proxy makes it: the proxy names the client in X-Forwarded-For. */
async function attempt(server: TestServer, email: string, password: string, from?: string): Promise<Attempt> {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

const statuses = (attempts: Attempt[]) => {
  const counts: Record<number, number> = {};
  for (const a of attempts) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
};

describe.each(DIALECTS)('login throttle on %s', (dialect) => {
  describe('behind a trusted proxy', () => {
    let server: TestServer;
    beforeAll(async () => {
      // The test's requests come from 127.0.0.1, which plays the proxy; X-Forwarded-For is the client.
      server = await startTestServer(dialect, { trustProxy: ['127.0.0.1'] });
      for (const name of ['victim', 'sprayed', 'waiter', 'legacy']) {
        await createUser(server.ctx, { email: `${name}@t.local`, password: `password-${name}`, role: 'annotator' });
      }
    });
    afterAll(async () => server?.stop());

    it('checks only the free attempts of 50 parallel wrong passwords; the rest wait with 429 and retry-after', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => attempt(server, 'victim@t.local', 'wrong-password', '203.0.113.7')));
      // A 401 means the password was checked; a 429 that it was refused before any check.
      expect(statuses(results)).toEqual({ 401: PAIR_RULE.freeAttempts, 429: 50 - PAIR_RULE.freeAttempts });
      const waited = results.find((r) => r.status === 429)!;
      expect(waited.body.error.code).toBe('too_many_login_attempts');
      expect(Number(waited.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(waited.body.error.details.retryAfterSeconds).toBe(Number(waited.retryAfter));
    });

    it('lets the right password in from another address while the account is hammered', async () => {
      const attacker = await attempt(server, 'victim@t.local', 'another-wrong-one', '203.0.113.7');
      expect(attacker.status).toBe(429);
      const owner = await attempt(server, 'victim@t.local', 'password-victim', '198.51.100.20');
      expect(owner.status).toBe(200);
      expect(owner.body.user.email).toBe('victim@t.local');
    });

    it('makes the wait grow, and a success from the same address clears it', async () => {
      const from = '203.0.113.50';
      for (let i = 0; i < PAIR_RULE.freeAttempts; i++) expect((await attempt(server, 'waiter@t.local', 'nope-nope', from)).status).toBe(401);
      const first = await attempt(server, 'waiter@t.local', 'nope-nope', from);
      expect(first.status).toBe(429);
      server.clock.advance(Number(first.retryAfter) * 1000);
      expect((await attempt(server, 'waiter@t.local', 'nope-nope', from)).status).toBe(401);
      const second = await attempt(server, 'waiter@t.local', 'nope-nope', from);
      expect(second.status).toBe(429);
      expect(Number(second.retryAfter)).toBeGreaterThan(Number(first.retryAfter));
      // While waiting, even the right password is not checked from this address.
      expect((await attempt(server, 'waiter@t.local', 'password-waiter', from)).status).toBe(429);
      server.clock.advance(Number(second.retryAfter) * 1000);
      expect((await attempt(server, 'waiter@t.local', 'password-waiter', from)).status).toBe(200);
      expect((await attempt(server, 'waiter@t.local', 'nope-nope', from)).status).toBe(401);
    });

    it('answers an unknown email exactly like a wrong password, and throttles it the same way', async () => {
      const unknown = await attempt(server, 'nobody@t.local', 'wrong-password', '203.0.113.90');
      const known = await attempt(server, 'sprayed@t.local', 'wrong-password', '203.0.113.90');
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(known.body);
      for (let i = 1; i < PAIR_RULE.freeAttempts; i++) await attempt(server, 'nobody@t.local', 'wrong-password', '203.0.113.90');
      expect((await attempt(server, 'nobody@t.local', 'wrong-password', '203.0.113.90')).status).toBe(429);
    });

    it('bounds one address across accounts (password spraying), and only that address', async () => {
      const from = '192.0.2.66';
      const sprayed = await Promise.all(Array.from({ length: ADDRESS_RULE.freeAttempts + 20 }, (_, i) => attempt(server, `spray${i}@t.local`, 'Winter2025!', from)));
      expect(statuses(sprayed)).toEqual({ 401: ADDRESS_RULE.freeAttempts, 429: 20 });
      expect((await attempt(server, 'sprayed@t.local', 'password-sprayed', '192.0.2.67')).status).toBe(200);
    });

    it('logs in with a password hashed at an older cost and rehashes it at the current one', async () => {
      const legacy = await hashPassword('password-legacy', { N: 2 ** 14, r: 8, p: 1 });
      await server.db.kysely.updateTable('users').set({ password_hash: legacy }).where('email', '=', 'legacy@t.local').execute();
      expect((await attempt(server, 'legacy@t.local', 'password-legacy', '198.51.100.30')).status).toBe(200);
      const row = await server.db.kysely.selectFrom('users').select('password_hash').where('email', '=', 'legacy@t.local').executeTakeFirstOrThrow();
      const cost = passwordHashCost();
      expect(row.password_hash.startsWith(`scrypt$${cost.N}$${cost.r}$${cost.p}$`)).toBe(true);
      expect((await attempt(server, 'legacy@t.local', 'password-legacy', '198.51.100.30')).status).toBe(200);
    });

    it('forgets attempts whose windows are long over, so made-up emails do not pile up', async () => {
      const rows = () => server.db.kysely.selectFrom('login_throttles').select('key').execute();
      expect((await rows()).length).toBeGreaterThan(100);
      server.clock.advance(2 * 24 * 3600 * 1000);
      expect((await attempt(server, 'victim@t.local', 'password-victim', '198.51.100.40')).status).toBe(200);
      expect((await rows()).map((r) => r.key)).toEqual(['address:198.51.100.40']);
    });
  });

  describe('with BIAOZHU_TRUST_PROXY unset', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      await createUser(server.ctx, { email: 'victim@t.local', password: 'password-victim', role: 'annotator' });
    });
    afterAll(async () => server?.stop());

    it('ignores X-Forwarded-For, so an attacker cannot pick a fresh address for each guess', async () => {
      const guesses = [];
      for (let i = 0; i < PAIR_RULE.freeAttempts + 5; i++) guesses.push(await attempt(server, 'victim@t.local', 'wrong-password', `203.0.113.${i + 1}`));
      expect(statuses(guesses)).toEqual({ 401: PAIR_RULE.freeAttempts, 429: 5 });
    });
  });
});
