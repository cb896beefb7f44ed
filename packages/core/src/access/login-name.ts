import { invalid } from '../errors.js';
import { readPhone } from './phone-number.js';

/** What a person typed in the login field, read as an email or as a phone number in E.164. */
export type LoginName = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

/**
 * Reads the login field: anything with an @ is an email (lower-cased, as stored), anything else a phone number
 * (phone-number.ts). A field that is neither is a 400 naming the field; it says nothing about any account, since
 * only the text itself is looked at.
 */
export function readLoginName(raw: string, field = 'login'): LoginName {
  const text = raw.trim();
  if (text.includes('@')) return { kind: 'email', value: text.toLowerCase() };
  const reading = readPhone(text);
  if ('error' in reading) throw invalid('invalid_login', `${field}: not an email address or a phone number: ${reading.error}`, { field });
  return { kind: 'phone', value: reading.phone };
}

/** The name an account's own throttle row is kept under when it changes its password: its email, else its phone. */
export function accountLoginName(user: { email: string | null; phone: string | null }): string {
  return user.email ?? user.phone ?? '';
}
