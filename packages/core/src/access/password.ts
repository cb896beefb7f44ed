import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The scrypt parameters of one hash; they are stored in the hash, so a change of cost never breaks old hashes. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB per hash), or an equivalent trade-off of
 * memory for passes. N=2^14, r=8, p=5 is one of its listed equivalents at 16 MiB, which fits Node's default scrypt
 * `maxmem` (32 MiB) and keeps four concurrent logins (libuv's thread pool) at 64 MiB instead of 512 MiB.
 */
export const OWASP_SCRYPT_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 5 };

/**
 * A cost about 200x cheaper, for test suites that create hundreds of users on two shared cores. Only used when
 * `BIAOZHU_INSECURE_TEST_PASSWORD_HASHING=true`, and refused when NODE_ENV is `production`.
 */
export const TEST_ONLY_SCRYPT_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

/**
 * The cost for machine-made random passwords (core's newInitialPassword, about 93 bits): a slow hash protects
 * passwords people choose, which can be guessed; a random one of 93 bits cannot be guessed at any hash speed (API
 * and session tokens are kept as plain SHA-256 for the same reason). A roster of 5,000 then hashes in seconds, not
 * minutes. The first login rehashes at the full cost (needsRehash), and the password must be changed then anyway.
 */
export const RANDOM_PASSWORD_SCRYPT_COST: ScryptCost = { N: 2 ** 12, r: 8, p: 1 };

/**
 * The stored hash of an account that has no password yet (an open invitation): no password matches it, and checking
 * one costs the same time as a real hash (verifyPassword), so a login does not reveal that the account is invited.
 */
export const NO_PASSWORD_HASH = 'none$';

export const INSECURE_TEST_HASHING_ENV = 'BIAOZHU_INSECURE_TEST_PASSWORD_HASHING';

const KEY_LENGTH = 32;
/** Stored hashes with larger parameters than these are treated as corrupt rather than run (memory). */
const MAX_COST: ScryptCost = { N: 2 ** 20, r: 16, p: 64 };

/**
 * The cost new hashes get: OWASP's, unless the environment explicitly asks for the test-only cost. Throws on a value
 * it does not know, so a typo never silently picks a cost.
 */
export function passwordHashCost(env: NodeJS.ProcessEnv = process.env): ScryptCost {
  const value = env[INSECURE_TEST_HASHING_ENV];
  if (value === undefined || value === '' || value === 'false') return OWASP_SCRYPT_COST;
  if (value !== 'true') throw new Error(`${INSECURE_TEST_HASHING_ENV} must be true or false, got "${value}"`);
  if (env.NODE_ENV === 'production') throw new Error(`${INSECURE_TEST_HASHING_ENV}=true is for test suites and is refused when NODE_ENV=production`);
  return TEST_ONLY_SCRYPT_COST;
}

function scryptAsync(password: string, salt: Buffer, keyLength: number, cost: ScryptCost): Promise<Buffer> {
  // Node refuses a cost whose memory (about 128 * N * r bytes) exceeds maxmem; allow what the cost needs.
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password with scrypt (Node's own crypto, so no native dependency) as `scrypt$N$r$p$salt$key`. */
export async function hashPassword(password: string, cost: ScryptCost = passwordHashCost()): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface StoredHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): StoredHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || rest.length > 0) return undefined;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = (Object.keys(cost) as (keyof ScryptCost)[]).every((k) => Number.isSafeInteger(cost[k]) && cost[k] >= 1 && cost[k] <= MAX_COST[k]);
  if (!sane) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/**
 * Checks a password against a stored hash (of any cost) in constant time. Unknown hash formats (NO_PASSWORD_HASH)
 * never match, after the same scrypt work as a real check.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length === 0) return verifyDummyPassword(password);
  const actual = await scryptAsync(password, parsed.salt, parsed.key.length, parsed.cost);
  return timingSafeEqual(actual, parsed.key);
}

/** True when a stored hash was made with another cost than new hashes get: login rehashes it after a success. */
export function needsRehash(stored: string, cost: ScryptCost = passwordHashCost()): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.key.length !== KEY_LENGTH || parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p;
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Spends the same scrypt work as checking a real password and returns false. Login calls it for an unknown email,
 * so the time of an answer does not tell which accounts exist.
 */
export async function verifyDummyPassword(password: string, cost: ScryptCost = passwordHashCost()): Promise<false> {
  const id = `${cost.N}$${cost.r}$${cost.p}`;
  let hash = dummyHashes.get(id);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('base64'), cost);
    dummyHashes.set(id, hash);
  }
  await verifyPassword(password, await hash);
  return false;
}
