import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Durability } from './database.js';
import { pgDurabilityOptions } from './pg-durability.js';

const PG_URL = process.env.BIAOZHU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const runsOnPostgres = (process.env.BIAOZHU_TEST_DIALECTS ?? 'sqlite,postgres').includes('postgres');

describe('what each durability mode asks of PostgreSQL', () => {
  it('strict refuses a server that does not fsync, and raises synchronous_commit=off to on', () => {
    expect(() => pgDurabilityOptions({ fsync: 'off', synchronousCommit: 'on' }, 'strict', 'db')).toThrow(/fsync=off/);
    expect(pgDurabilityOptions({ fsync: 'on', synchronousCommit: 'off' }, 'strict', 'db')).toEqual(['-c synchronous_commit=on']);
    // every other level flushes the local WAL before the commit returns; the remote ones were the DBA's choice
    for (const level of ['local', 'on', 'remote_write', 'remote_apply']) {
      expect(pgDurabilityOptions({ fsync: 'on', synchronousCommit: level }, 'strict', 'db')).toEqual([]);
    }
  });

  it("default leaves the server's own settings alone", () => {
    expect(pgDurabilityOptions({ fsync: 'off', synchronousCommit: 'off' }, 'default', 'db')).toEqual([]);
  });
});

describe.runIf(runsOnPostgres)('durability modes on a PostgreSQL role whose sessions default to synchronous_commit=off', () => {
  // A role of its own, so the shared test server's settings are not touched.
  const role = `bz_async_${process.pid}_${Date.now().toString(36)}`;
  const url = PG_URL.replace(/\/\/[^@/]*@/, `//${role}@`);
  const admin = new pg.Client({ connectionString: PG_URL });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create role ${role} login`);
    await admin.query(`alter role ${role} set synchronous_commit = off`);
  });
  afterAll(async () => {
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  async function sessionSetting(durability: Durability): Promise<string> {
    const db = await openDatabase({ databaseUrl: url, dataDir: '', durability });
    try {
      // every connection of the pool: take several at once
      const seen = await Promise.all(
        Array.from({ length: 4 }, () => db.kysely.transaction().execute(async (trx) => (await trx.selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('synchronous_commit')]).as('v')).executeTakeFirstOrThrow()).v)),
      );
      expect(new Set(seen).size).toBe(1);
      return seen[0]!;
    } finally {
      await db.close();
    }
  }

  it('default commits as the server is set up to; strict flushes every commit before it is acknowledged', async () => {
    expect(await sessionSetting('default')).toBe('off');
    expect(await sessionSetting('strict')).toBe('on');
  });
});
