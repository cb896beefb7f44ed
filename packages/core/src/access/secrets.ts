import { createHash, randomBytes } from 'node:crypto';

/** A random URL-safe secret for session cookies, CSRF and API tokens. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as their SHA-256, so a copy of the database does not hold live credentials. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
