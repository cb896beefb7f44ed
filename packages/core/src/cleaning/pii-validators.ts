// Validators from /shared/standards/pii-cn.md: GB 11643-1999 check character (ISO 7064 MOD 11-2), calendar birth
// dates, and the Luhn check for bank cards.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** Check character of the first 17 digits of a resident ID: "10X98765432"[sum(d_i * w_i) mod 11]. */
export function residentIdCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[s % 11]!;
}

/** True when yyyy-mm-dd is a real calendar date. */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

export type IdVerdict = 'valid' | 'bad_format' | 'bad_date' | 'future_date' | 'bad_check';

/**
 * Validates an 18-character resident ID (GB 11643-1999): area, birth date that is a real date not after `now`,
 * sequence, and check character (x accepted for X).
 */
export function validateResidentId(id: string, now: Date = new Date()): IdVerdict {
  if (!/^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dXx]$/.test(id)) return 'bad_format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!isCalendarDate(y, m, d)) return 'bad_date';
  const birth = Date.UTC(y, m - 1, d);
  if (birth > now.getTime()) return 'future_date';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]!.toUpperCase()) return 'bad_check';
  return 'valid';
}

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Each octet 0-255, no leading zeros beyond a single 0. */
export function validIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** IPv6 by the usual grammar: eight groups of 1-4 hex digits, one `::` allowed, optional trailing IPv4. */
export function validIpv6(s: string): boolean {
  let text = s;
  let groupsNeeded = 8;
  const v4 = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    if (!validIpv4(v4[1]!)) return false;
    text = text.slice(0, text.length - v4[1]!.length) + '0:0';
  }
  const dbl = text.split('::');
  if (dbl.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(dbl[0]!);
  const tail = dbl.length === 2 ? groups(dbl[1]!) : [];
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  if (dbl.length === 2) return all.length < groupsNeeded;
  groupsNeeded = 8;
  return all.length === groupsNeeded;
}
