import { createHash } from 'node:crypto';

/** The SHA-256 of a whole file, in hex, as imports record it to recognise a file uploaded again. */
export const fileHash = () => createHash('sha256');

/**
 * A task's data as one text whatever the order of its keys: objects with their keys sorted (at every depth), arrays
 * in their order. Two records with the same values are the same data even when a CSV's columns came in another order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    if (obj[k] === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(k)}:${canonicalJson(obj[k])}`;
  }
  return out + '}';
}

/**
 * `tasks.data_hash`: a 53-bit hash of a task's canonical data (canonicalJson), a safe integer stored in a 64-bit
 * column, by which an import recognises a record without an external id that is already a task (migration 0024).
 * Not cryptographic and not unique: a hit is only a candidate, confirmed by comparing the data itself (sameTaskData),
 * so a collision never makes a real record disappear. Two 32-bit multiply-xorshift lanes over the UTF-16 code units
 * (cyrb53's construction): fast in JavaScript, which is the only place it is computed.
 */
export function taskDataHash(canonical: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The hash of a task's stored data (its JSON text). */
export const storedDataHash = (data: string): number => taskDataHash(canonicalJson(JSON.parse(data)));

/** Whether two tasks' data (JSON texts) hold the same values, the order of keys aside. */
export function sameTaskData(a: string, b: string): boolean {
  return a === b || canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
}
