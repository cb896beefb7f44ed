import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './database.js';

const PG_URL = process.env.BIAOZHU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const runsOnPostgres = (process.env.BIAOZHU_TEST_DIALECTS ?? 'sqlite,postgres').includes('postgres');
const schemaName = (what: string) => `bz_introspect_${what}_${process.pid}_${randomBytes(3).toString('hex')}`;

describe.runIf(runsOnPostgres)('migrating one PostgreSQL schema while other schemas of the database come and go', () => {
  const opened: Db[] = [];
  const created: string[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    for (const s of created) await admin.query(`drop schema if exists ${s} cascade`);
    await admin.end();
  });

  it('migrates every schema to the end while a neighbour creates and drops schemas full of tables', async () => {
    // Before the migrator looked at its own schema alone, a schema dropped during its catalog read failed the
    // migration with `schema "..." does not exist` (seen in CI when test files ran side by side).
    const churn = new pg.Client({ connectionString: PG_URL });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      let i = 0;
      while (!stop) {
        const s = schemaName(`churn${i++}`);
        await churn.query(`create schema ${s}`);
        for (let t = 0; t < 20; t++) await churn.query(`create table ${s}.t${t} (id serial primary key, v text)`);
        await churn.query(`drop schema ${s} cascade`);
      }
    })();
    try {
      for (let round = 0; round < 15; round++) {
        const schema = schemaName(`mig${round}`);
        created.push(schema);
        const db = await openDatabase({ databaseUrl: PG_URL, dataDir: '', pgSchema: schema, poolSize: 2 });
        opened.push(db);
        const applied = await migrateToLatest(db);
        expect(applied.length).toBeGreaterThan(5);
        // a second run finds its bookkeeping tables in its own schema and has nothing to do
        expect(await migrateToLatest(db)).toEqual([]);
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  }, 120_000);
});
