import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './database.js';

describe('group commit (SQLite, strict durability)', () => {
  let db: Db | undefined;
  afterEach(async () => db?.close());

  async function open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-gc-'));
    db = await openDatabase({ dataDir: dir, durability: 'strict' });
    await migrateToLatest(db);
    return db;
  }

  it('fsyncs every commit and shares commits between concurrent writers', async () => {
    const d = await open();
    const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(d.kysely);
    expect(mode.rows[0]?.synchronous).toBe(2); // FULL
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        d.write((trx) => trx.insertInto('organizations').values({ name: `org ${i}`, created_at: i }).execute()),
      ),
    );
    const rows = await d.kysely.selectFrom('organizations').select('name').execute();
    expect(rows).toHaveLength(40);
    expect(d.groupCommit!.transactions).toBe(40);
    expect(d.groupCommit!.batches).toBeLessThan(40);
  });

  it('rolls back only the writer that failed', async () => {
    const d = await open();
    const results = await Promise.allSettled([
      d.write((trx) => trx.insertInto('organizations').values({ name: 'kept 1', created_at: 1 }).execute()),
      d.write(async (trx) => {
        await trx.insertInto('organizations').values({ name: 'undone', created_at: 2 }).execute();
        throw new Error('this writer fails');
      }),
      d.write((trx) => trx.insertInto('organizations').values({ name: 'kept 2', created_at: 3 }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const names = (await d.kysely.selectFrom('organizations').select('name').orderBy('name').execute()).map((r) => r.name);
    expect(names).toEqual(['kept 1', 'kept 2']);
  });
});
