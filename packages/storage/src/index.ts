export * from './database.js';
export * from './dialect.js';
export * from './schema.js';
export { sql } from 'kysely';
export type { Kysely, Transaction } from 'kysely';
export * from './group-commit.js';
export * from './schema-quality.js';
export * from './schema-cleaning.js';
