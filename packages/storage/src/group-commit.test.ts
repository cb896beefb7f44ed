import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db, type Durability } from './database.js';

const FIXTURE = path.join(import.meta.dirname, 'group-commit.fixture.ts');

/** Runs the writer fixture in its own process (under strace when asked); returns its data dir and the trace. */
function runWriter(durability: Durability, count: number, options: { kill?: boolean; trace?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-gc-proc-'));
  const node = [process.execPath, '--import', 'tsx', FIXTURE, dir, durability, String(count), ...(options.kill ? ['kill'] : [])];
  const traceFile = path.join(dir, 'strace.txt');
  const [cmd, ...args] = options.trace ? ['strace', '-f', '-qq', '-y', '-e', 'trace=fsync,fdatasync,access,faccessat,faccessat2', '-o', traceFile, ...node] : node;
  const run = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 60_000 });
  return { dir, run, trace: options.trace ? fs.readFileSync(traceFile, 'utf8') : '' };
}

/** Per acknowledged write (and before the first): how many fsyncs of the WAL happened since the previous marker. */
function walSyncsBeforeEachAck(trace: string, count: number): number[] {
  const lines = trace.split('\n');
  const start = lines.findIndex((l) => l.includes('/nonexistent/bz-ready'));
  const syncs: number[] = [];
  let since = 0;
  for (const line of lines.slice(start + 1)) {
    if (/\b(fsync|fdatasync)\(\d+<[^>]*biaozhu\.sqlite-wal>/.test(line)) since++;
    if (line.includes('/nonexistent/bz-ack-')) {
      syncs.push(since);
      since = 0;
    }
  }
  expect(syncs).toHaveLength(count);
  return syncs;
}

/** strace runs here, or the reason it cannot (ptrace refused, not installed). */
function straceProblem(): string | undefined {
  const probe = spawnSync('strace', ['-f', '-qq', '-e', 'trace=fsync', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (probe.error) return `strace is not installed (apt-get install -y strace): ${probe.error.message}`;
  if (probe.status !== 0) return `strace cannot trace here: ${probe.stderr.trim()}`;
  return undefined;
}

describe('group commit and durability on SQLite', () => {
  let db: Db | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await db?.close();
    db = undefined;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-gc-'));
    dirs.push(dir);
    db = await openDatabase({ dataDir: dir, durability: 'strict' });
    await migrateToLatest(db);
    return db;
  }

  it('shares commits between concurrent writers, on a connection that commits with synchronous=FULL', async () => {
    const d = await open();
    // read on the connection that runs the batch, inside it
    const mode = await d.write((trx) => sql<{ synchronous: number }>`pragma synchronous`.execute(trx));
    expect(mode.rows[0]?.synchronous).toBe(2); // FULL
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        d.write((trx) => trx.insertInto('organizations').values({ name: `org ${i}`, created_at: i }).execute()),
      ),
    );
    const rows = await d.kysely.selectFrom('organizations').select('name').execute();
    expect(rows).toHaveLength(40);
    expect(d.groupCommit!.transactions).toBe(41);
    expect(d.groupCommit!.batches).toBeLessThan(41);
  });

  it('fsyncs the WAL before it acknowledges each commit (strict), and not at each commit by default', () => {
    const problem = straceProblem();
    if (problem && process.env.BIAOZHU_TEST_NO_STRACE === '1') return;
    expect(problem, `${problem}; or set BIAOZHU_TEST_NO_STRACE=1 to leave this test out`).toBeUndefined();
    const strict = runWriter('strict', 5, { trace: true });
    expect(strict.run.status, strict.run.stderr).toBe(0);
    expect(walSyncsBeforeEachAck(strict.trace, 5).every((n) => n >= 1)).toBe(true);
    const relaxed = runWriter('default', 5, { trace: true });
    expect(relaxed.run.status, relaxed.run.stderr).toBe(0);
    expect(walSyncsBeforeEachAck(relaxed.trace, 5)).toEqual([0, 0, 0, 0, 0]);
    dirs.push(strict.dir, relaxed.dir);
  });

  it.each(['default', 'strict'] as const)('keeps every acknowledged write when the process is killed right after the acknowledgement (%s)', async (durability) => {
    const killed = runWriter(durability, 20, { kill: true });
    dirs.push(killed.dir);
    expect(killed.run.signal).toBe('SIGKILL');
    db = await openDatabase({ dataDir: killed.dir });
    const names = (await db.kysely.selectFrom('organizations').select('name').orderBy('created_at').execute()).map((r) => r.name);
    expect(names).toEqual(Array.from({ length: 20 }, (_, i) => `ack ${i}`));
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
