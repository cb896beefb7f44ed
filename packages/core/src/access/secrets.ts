import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A random URL-safe secret for session cookies, CSRF and API tokens. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Letters and digits that cannot be mistaken for each other when read aloud or copied from paper (no 0/O, 1/l/I). */
const READABLE = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A random password a person types in once (an initial password handed out on paper or in a spreadsheet): 16
 * characters of {@link READABLE}, about 93 bits; never starts with a character a spreadsheet reads as a formula.
 */
export function newInitialPassword(length = 16): string {
  let out = '';
  for (let i = 0; i < length; i++) out += READABLE[randomInt(READABLE.length)];
  return out;
}

/** Secrets are stored only as their SHA-256, so a copy of the database does not hold live credentials. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
