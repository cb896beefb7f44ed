import { createHash } from 'node:crypto';

/** The SHA-256 of a whole file, in hex, as imports record it to recognise a file uploaded again. */
export const fileHash = () => createHash('sha256');

/**
 * A task's data as one text whatever the order of its keys: objects with their keys sorted (at every depth), arrays
 * in their order. Two records with the same values are the same data even when a CSV's columns came in another order.
 */
export function canonicalJson(value: unknown): string {
  // One native stringify of a copy built in sorted key order (integer-like keys come first in any object, in
  // numeric order: the same for the same keys, which is all a canonical form needs)
  return JSON.stringify(sortedCopy(value)) ?? 'null';
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) out[k] = sortedCopy(obj[k]);
  return out;
}

/**
 * `tasks.data_hash`: a 32-bit hash of a task's canonical data (canonicalJson), stored in a 64-bit integer column, by
 * which an import recognises a record without an external id that is already a task (migration 0024). Not
 * cryptographic and not unique: a hit is only a candidate, confirmed by comparing the data itself (sameTaskData), so
 * a collision never makes a real record disappear; it costs one more task read. (The in-memory table an import keys
 * on it holds 32 bits, so more bits would buy nothing.) FNV-1a over the UTF-16 code units with murmur3's final mix:
 * one multiply a character, in JavaScript, the only place it is computed.
 */
export function taskDataHash(canonical: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) h = Math.imul(h ^ canonical.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The hash of a task's stored data (its JSON text). */
export const storedDataHash = (data: string): number => taskDataHash(canonicalJson(JSON.parse(data)));

/** Whether two tasks' data (JSON texts) hold the same values, the order of keys aside. */
export function sameTaskData(a: string, b: string): boolean {
  return a === b || canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
}
