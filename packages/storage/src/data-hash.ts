import { createHash } from 'node:crypto';

/**
 * The key a task's data is recognised by when a record without an external id is imported again: the first 128
 * bits of the SHA-256 of its stored JSON text, in hex. PostgreSQL computes the same value in SQL
 * (`PG_DATA_HASH_SQL`), which migration 0017 uses to fill it in for tasks stored before.
 */
export function taskDataHash(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex').slice(0, 32);
}

/** `taskDataHash` of the `data` column, in PostgreSQL. */
export const PG_DATA_HASH_SQL = "substr(encode(sha256(convert_to(data, 'UTF8')), 'hex'), 1, 32)";

/** The SHA-256 of a whole file, in hex, as imports record it to recognise a file uploaded again. */
export const fileHash = () => createHash('sha256');
