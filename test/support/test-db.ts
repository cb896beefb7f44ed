import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type Context } from '@biaozhu/core';
import { migrateToLatest, migrateUpTo, openDatabase, type DialectName, type Db } from '@biaozhu/storage';
import pg from 'pg';

/**
 * Every storage-touching suite runs once per dialect (Kysely's own habit). Narrow with
 * BIAOZHU_TEST_DIALECTS=sqlite or =postgres.
 */
export const DIALECTS: DialectName[] = (process.env.BIAOZHU_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

export const TEST_PG_URL = process.env.BIAOZHU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  db: Db;
  ctx: Context;
  /** The test's clock; move it with `advance`. */
  clock: { now: number; advance(ms: number): void };
  /** Environment that points a CLI or server process at the same database. */
  env: Record<string, string>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, migrated database: a temp SQLite file, or a new PostgreSQL schema dropped on close. `upTo` stops after
 * the named migration, for a test of the next one on rows written before it.
 */
export async function openTestDb(dialect: DialectName, options: { durability?: 'default' | 'strict'; upTo?: string } = {}): Promise<TestDb> {
  const { upTo, ...dbOptions } = options;
  const migrate = (db: Db) => (upTo === undefined ? migrateToLatest(db) : migrateUpTo(db, upTo));
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  if (dialect === 'postgres') {
    // the counter restarts in every test file a worker process runs: the random part keeps two files' schemas apart
    const schema = `bz_test_${process.pid}_${Date.now().toString(36)}_${counter++}_${randomBytes(3).toString('hex')}`;
    const db = await openDatabase({ databaseUrl: TEST_PG_URL, dataDir: '', pgSchema: schema, poolSize: 20, ...dbOptions });
    await migrate(db);
    return {
      db,
      ctx: createContext(db, () => clock.now),
      clock,
      env: { DATABASE_URL: TEST_PG_URL, BIAOZHU_PG_SCHEMA: schema },
      close: async () => {
        await db.close();
        const client = new pg.Client({ connectionString: TEST_PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-test-'));
  const db = await openDatabase({ dataDir: dir, ...dbOptions });
  await migrate(db);
  return {
    db,
    ctx: createContext(db, () => clock.now),
    clock,
    env: { BIAOZHU_DATA_DIR: dir, DATABASE_URL: '' },
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
