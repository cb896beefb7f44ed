/**
 * The one place phone numbers are read (accounts, the roster, login). Every number is stored and compared in E.164
 * (`+` country code and number, at most 15 digits), so `138 0013 8000`, `+86 138-0013-8000` and `0086 13800138000`
 * are one account. A number without a country code is taken as a Chinese mobile (11 digits, `1[3-9]...`): that is
 * what the workers this is for write; any other number must be written with `+` (or `00`) and its country code, since
 * there is no knowing which country a bare landline belongs to. Pure.
 */

export type PhoneReading = { phone: string } | { error: string };

/** Separators people type inside numbers; full-width forms (an IME's ＋８６) are folded to ASCII first. */
const SEPARATORS = /[\s\-().\u00b7\u2010-\u2015]/g;
const CN_MOBILE = /^1[3-9]\d{9}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Reads a phone number as written by a person; `{ error }` says, in a clause, why it is not one. */
export function readPhone(raw: string): PhoneReading {
  const compact = raw.normalize('NFKC').replace(SEPARATORS, '');
  if (!compact) return { error: 'the phone number is empty' };
  if (!/^\+?\d+$/.test(compact)) return { error: `"${raw}" is not a phone number (digits, spaces and dashes, an optional leading +)` };
  const international = compact.startsWith('+') ? compact : compact.startsWith('00') ? `+${compact.slice(2)}` : null;
  if (international === null) {
    if (CN_MOBILE.test(compact)) return { phone: `+86${compact}` };
    if (/^861[3-9]\d{9}$/.test(compact)) return { phone: `+${compact}` };
    return { error: `"${raw}" is not a Chinese mobile number (11 digits starting 13 to 19); write other numbers with + and the country code` };
  }
  // A Chinese number that starts like a mobile must be a whole one: a digit too few or too many is a typo.
  if (/^\+861[3-9]/.test(international) && !CN_MOBILE.test(international.slice(3))) {
    return { error: `"${raw}" is not a Chinese mobile number (+86 and 11 digits starting 13 to 19)` };
  }
  if (!E164.test(international)) return { error: `"${raw}" is not an international number (+, the country code and the number: 8 to 15 digits)` };
  return { phone: international };
}
