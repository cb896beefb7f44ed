import { sql, type Database, type Kysely, type Transaction } from '@biaozhu/storage';
import { DomainError } from '../errors.js';

/** How one kind of key is throttled. */
export interface ThrottleRule {
  /** Attempts that may follow one another without a wait; after that many failures the waits begin. */
  freeAttempts: number;
  /** A key whose window started this long ago starts again from zero. */
  windowMs: number;
}

/**
 * Per (account, client address) pair: ten attempts, then waits of 1 s, 2 s, 4 s ... up to 15 minutes. Only that pair
 * waits: the same account from another address, and other accounts from that address, are not held up. The window
 * is a day, and a successful login clears the pair.
 */
export const PAIR_RULE: ThrottleRule = { freeAttempts: 10, windowMs: 24 * 3600 * 1000 };

/**
 * Per client address, across accounts: bounds password spraying (one guess at each of many accounts). Generous,
 * because a school or an office behind one NAT shares an address; a success gives its attempt back.
 */
export const ADDRESS_RULE: ThrottleRule = { freeAttempts: 100, windowMs: 15 * 60 * 1000 };

export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;

/** The wait imposed after the `failures`-th attempt of a window: none at first, then doubling up to the cap. */
export function throttleDelayMs(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeAttempts) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - rule.freeAttempts, 30));
}

/** `throttleDelayMs` as a SQL CASE over an integer expression, so the upsert computes it atomically. */
function delaySql(failures: ReturnType<typeof sql>, rule: ThrottleRule) {
  const steps: ReturnType<typeof sql>[] = [sql`when ${failures} < ${rule.freeAttempts} then 0`];
  for (let n = rule.freeAttempts; throttleDelayMs(n, rule) < MAX_DELAY_MS; n++) {
    steps.push(sql`when ${failures} = ${n} then ${throttleDelayMs(n, rule)}`);
  }
  return sql`(case ${sql.join(steps, sql` `)} else ${MAX_DELAY_MS} end)`;
}

export const pairKey = (email: string, address: string) => `pair:${email} ${address}`;
export const addressKey = (address: string) => `address:${address}`;

/**
 * Counts one attempt of `key` unless the key is waiting, in one statement: the upsert's WHERE is evaluated on the
 * locked row (PostgreSQL) or under the only writer (SQLite), so parallel attempts cannot all read "not waiting"
 * and all go on to check a password. Returns false when the key is waiting.
 */
async function charge(db: Kysely<Database> | Transaction<Database>, key: string, account: string | null, rule: ThrottleRule, now: number): Promise<boolean> {
  const stale = sql`login_throttles.window_start <= ${now - rule.windowMs}`;
  const next = sql`(case when ${stale} then 1 else login_throttles.failures + 1 end)`;
  const result = await sql<{ failures: number }>`
    insert into login_throttles ("key", account, failures, window_start, blocked_until)
    values (${key}, ${account}, 1, ${now}, ${now + throttleDelayMs(1, rule)})
    on conflict ("key") do update set
      failures = ${next},
      window_start = case when ${stale} then ${now} else login_throttles.window_start end,
      blocked_until = cast(${now} as bigint) + ${delaySql(next, rule)}
    where login_throttles.blocked_until <= ${now}
    returning failures`.execute(db);
  return result.rows.length > 0;
}

/**
 * Counts a login attempt for its (account, address) pair and its address before the password is checked, or throws
 * `too_many_login_attempts` (429 with retry-after) when either must wait. Both are charged in one transaction, so a
 * refused attempt counts for neither.
 */
export async function chargeLoginAttempt(db: Kysely<Database>, email: string, address: string, now: number): Promise<void> {
  const keys = [pairKey(email, address), addressKey(address)];
  const allowed = await db.transaction().execute(async (trx) => {
    if (!(await charge(trx, keys[0]!, email, PAIR_RULE, now))) return false;
    if (await charge(trx, keys[1]!, null, ADDRESS_RULE, now)) return true;
    // Undo the pair's charge with the transaction: this attempt is not checked.
    throw new AddressWaiting();
  }).catch((error: unknown) => {
    if (error instanceof AddressWaiting) return false;
    throw error;
  });
  if (allowed) return;
  const waiting = await db.selectFrom('login_throttles').select(db.fn.max('blocked_until').as('until')).where('key', 'in', keys).executeTakeFirst();
  const retryAfterSeconds = Math.max(1, Math.ceil((Number(waiting?.until ?? now) - now) / 1000));
  throw new DomainError('rate_limited', 'too_many_login_attempts', `too many failed logins; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
    retryAfterMinutes: Math.ceil(retryAfterSeconds / 60),
  });
}

class AddressWaiting extends Error {}

/**
 * After a successful login: the pair starts again from zero, and the address gets back the attempt it was charged
 * (so many people logging in behind one NAT do not use up its bound).
 */
export async function clearLoginAttempt(trx: Transaction<Database>, email: string, address: string): Promise<void> {
  await trx.deleteFrom('login_throttles').where('key', '=', pairKey(email, address)).execute();
  await trx
    .updateTable('login_throttles')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key', '=', addressKey(address))
    .where('failures', '>', 0)
    .execute();
}

/**
 * Deletes rows whose last wait ended more than a day ago: their windows are over under both rules, so a missing row
 * means the same as that row. Run by each successful login, it keeps attempts with made-up emails from growing the
 * table without bound.
 */
export async function purgeStaleThrottles(trx: Transaction<Database>, now: number): Promise<void> {
  const staleBefore = now - Math.max(PAIR_RULE.windowMs, ADDRESS_RULE.windowMs);
  await trx.deleteFrom('login_throttles').where('blocked_until', '<', staleBefore).execute();
}

/**
 * Lifts every wait of one account, from any address (an admin's password reset): those of its email and of its
 * phone. A phone that accounts of other organisations share keeps its waits: one organisation's admin does not lift
 * what guesses at another organisation's account earned.
 */
export async function clearAccountThrottles(trx: Transaction<Database>, user: { id: number; email: string | null; phone: string | null }): Promise<void> {
  const names = user.email === null ? [] : [user.email];
  if (user.phone !== null) {
    const sharing = await trx.selectFrom('users').select('id').where('phone', '=', user.phone).where('id', '!=', user.id).limit(1).executeTakeFirst();
    if (!sharing) names.push(user.phone);
  }
  if (names.length > 0) await trx.deleteFrom('login_throttles').where('account', 'in', names).execute();
}
