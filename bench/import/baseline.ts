import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { parsePolicy, randomRank } from '@biaozhu/core';
import type { ImportTarget } from './target.js';

/** Yields the lines of a file, read in 256 KiB chunks. */
async function* lines(file: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024, encoding: 'utf8' })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (nl > start) yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest) yield rest;
}

/**
 * The floor an import is compared with: the same rows read from the same file, parsed, and inserted into the same
 * `tasks` table (same data and seeded random rank) with a prepared statement in one transaction; no validation,
 * external-id lookup, audit or counters.
 */
export async function rawInsert(target: ImportTarget, file: string, dataDir: string): Promise<number> {
  const now = Date.now();
  // The same rows as the import stores, including the seeded random rank (the `random` claim order's index key).
  const seed = parsePolicy('{}').seed;
  if (target.db.dialect === 'sqlite') {
    await target.db.close();
    const db = new SqliteDatabase(path.join(dataDir, 'biaozhu.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const stmt = db.prepare(
      'insert into tasks (project_id, import_id, external_id, data, target, slots_used, answer_count, priority, created_at, random_rank) values (?, null, null, ?, 1, 0, 0, 0, ?, ?)',
    );
    let n = 0;
    db.exec('begin');
    for await (const line of lines(file)) {
      const data = JSON.stringify(JSON.parse(line));
      stmt.run(target.projectId, data, now, randomRank(seed, data));
      n++;
    }
    db.exec('commit');
    db.close();
    return n;
  }
  const client = new pg.Client({ connectionString: process.env.BIAOZHU_BENCH_PG ?? process.env.BIAOZHU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test' });
  await client.connect();
  await client.query(`set search_path = ${target.db.schema}`);
  const BATCH = 500;
  const text = (k: number) =>
    'insert into tasks (project_id, data, target, slots_used, answer_count, priority, created_at, random_rank) values ' +
    Array.from({ length: k }, (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, 1, 0, 0, 0, $${i * 4 + 3}, $${i * 4 + 4})`).join(',');
  let n = 0;
  let params: unknown[] = [];
  await client.query('begin');
  for await (const line of lines(file)) {
    const data = JSON.stringify(JSON.parse(line));
    params.push(target.projectId, data, now, randomRank(seed, data));
    n++;
    if (params.length === BATCH * 4) {
      await client.query({ name: 'raw_batch', text: text(BATCH), values: params });
      params = [];
    }
  }
  if (params.length > 0) await client.query(text(params.length / 4), params);
  await client.query('commit');
  await client.end();
  await target.db.close();
  return n;
}
