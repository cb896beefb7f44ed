// Assignment benchmark: the annotator loop (next -> submit) over keep-alive HTTP against the real server, on SQLite
// and PostgreSQL, default and strict durability, projects of 10k and 1M tasks; in the same run a no-op Fastify chain
// with the same payloads, and on PostgreSQL a plain SKIP LOCKED claim loop against our overlap-aware claim.
// Usage: npm run bench -- assign [--quick] [--soak (only the 3-minute soak)] [--annotators 50] [--crowd 500] [--think-ms 2000]
//        [--dialects sqlite,postgres] [--big 1000000] [--windows 3] [--window-s 4] [--profile] [--crowd-only]
//        [--claim-only (only the PostgreSQL claim comparison)] [--claim-s 6]
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { claimNext, createContext, type Actor } from '@biaozhu/core';
import { sql, type Db, type DialectName } from '@biaozhu/storage';
import pg from 'pg';
import { checkInvariants } from '../../test/support/invariants.js';
import {
  answer,
  CHOICES,
  ConnectionError,
  freePort,
  KeepAliveClient,
  ownedDb,
  PG_URL,
  REPO_ROOT,
  seedProject,
  sleep,
  startServerProcess,
  type OwnedDb,
} from '../../test/support/processes.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    annotators: { type: 'string', default: '50' },
    crowd: { type: 'string', default: '500' },
    'think-ms': { type: 'string', default: '2000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    big: { type: 'string', default: '1000000' },
    windows: { type: 'string' },
    'window-s': { type: 'string' },
    profile: { type: 'boolean', default: false },
    'crowd-only': { type: 'boolean', default: false },
    'claim-only': { type: 'boolean', default: false },
    'claim-s': { type: 'string' },
  },
});
const QUICK = values.quick;
const ANNOTATORS = Number(values.annotators);
const CROWD = Number(values.crowd);
const THINK_MS = Number(values['think-ms']);
const DIALECTS = values.dialects.split(',').filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
const BIG = Number(values.big);
const WINDOWS = Number(values.windows ?? (QUICK ? 2 : 3));
const WINDOW_MS = 1000 * Number(values['window-s'] ?? (QUICK ? 3 : 4));
const WARMUP_MS = QUICK ? 1500 : 2000;
const OVERLAP = 3;
const SMALL = 10_000;

// ---------- statistics ----------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);

interface WindowStats {
  rate: number;
  p50: number;
  p99: number;
  max: number;
  reqP99: number;
}
interface LoadResult {
  /** Medians over the measurement windows. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
  reqP99: number;
  windows: WindowStats[];
  acknowledged: number;
  errors: Record<string, number>;
}

// ---------- the load: annotators looping next -> submit ----------

async function runLoad(options: {
  baseUrl: string;
  annotators: { userId: number; token: string }[];
  projectId: number;
  thinkMs?: number;
  warmupMs?: number;
  windows?: number;
  windowMs?: number;
}): Promise<LoadResult> {
  const warmupMs = options.warmupMs ?? WARMUP_MS;
  const windows = options.windows ?? WINDOWS;
  const windowMs = options.windowMs ?? WINDOW_MS;
  const cycles: number[][] = Array.from({ length: windows }, () => []);
  const requests: number[][] = Array.from({ length: windows }, () => []);
  const errors: Record<string, number> = {};
  const bump = (k: string) => (errors[k] = (errors[k] ?? 0) + 1);
  let acknowledged = 0;
  const t0 = performance.now();
  const measureStart = t0 + warmupMs;
  const end = measureStart + windows * windowMs;
  const windowOf = (t: number) => (t < measureStart || t >= end ? -1 : Math.floor((t - measureStart) / windowMs));
  const clients = options.annotators.map((a) => new KeepAliveClient(options.baseUrl, a.token));
  const think = options.thinkMs;
  // Keys unique per run: several runs share one project and its annotators.
  const run = Math.random().toString(36).slice(2, 8);
  await Promise.all(
    clients.map(async (client, wi) => {
      let n = 0;
      // Spread the start so that the annotators do not move in lockstep.
      await sleep(Math.random() * (think ?? 100));
      while (performance.now() < end) {
        try {
          const c0 = performance.now();
          const next = await client.request('POST', `/api/projects/${options.projectId}/next`);
          const c1 = performance.now();
          if (next.status === 204) {
            bump(`next 204 ${String(next.headers['x-biaozhu-reason'])}`);
            if (next.headers['x-biaozhu-reason'] === 'all_done') return;
            await sleep(20);
            continue;
          }
          if (next.status !== 200) {
            bump(`next ${next.status}`);
            await sleep(20);
            continue;
          }
          const a = next.body.assignment as { id: number };
          const key = `b${run}-${wi}-${n++}`;
          const res = await client.request('POST', `/api/assignments/${a.id}/submit`, { result: answer(CHOICES[n % 3]!), idempotencyKey: key, leadTimeMs: 1000 });
          const c2 = performance.now();
          if (res.status !== 200) {
            bump(`submit ${res.status} ${String(res.body?.error?.code ?? '')}`);
            continue;
          }
          acknowledged++;
          const w = windowOf(c2);
          if (w >= 0) {
            cycles[w]!.push(c2 - c0);
            requests[w]!.push(c1 - c0, c2 - c1);
          }
          if (think !== undefined) await sleep(think * (0.5 + Math.random()));
        } catch (error) {
          if (!(error instanceof ConnectionError)) throw error;
          bump(`connection ${error.code ?? ''}`);
          await sleep(50);
        }
      }
    }),
  );
  for (const c of clients) c.close();
  const stats: WindowStats[] = cycles.map((lat, i) => {
    const s = [...lat].sort((a, b) => a - b);
    const r = [...requests[i]!].sort((a, b) => a - b);
    return { rate: lat.length / (windowMs / 1000), p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1] ?? NaN, reqP99: quantile(r, 0.99) };
  });
  return {
    rate: median(stats.map((s) => s.rate)),
    p50: median(stats.map((s) => s.p50)),
    p99: median(stats.map((s) => s.p99)),
    max: Math.max(...stats.map((s) => s.max)),
    reqP99: median(stats.map((s) => s.reqP99)),
    windows: stats,
    acknowledged,
    errors,
  };
}

// ---------- processes ----------

async function startNoop(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/assign/noop-server.ts', String(port)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('noop serving')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`noop server exited with ${code}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

// ---------- seeding ----------

/** Adds `count` tasks with one INSERT ... SELECT (generate_series / recursive CTE) and raises the project counter. */
async function bulkTasks(db: Db, projectId: number, count: number): Promise<void> {
  const now = Date.now();
  if (db.dialect === 'postgres') {
    await sql`insert into tasks (project_id, import_id, external_id, data, target, slots_used, answer_count, priority, created_at)
      select ${projectId}, null, null, '{"text":"item ' || g || '"}', ${OVERLAP}, 0, 0, 0, ${now}
      from generate_series(1, ${count}::int) g`.execute(db.kysely);
    await sql`analyze tasks`.execute(db.kysely);
  } else {
    await sql`with recursive c(x) as (select 1 union all select x + 1 from c where x < ${count})
      insert into tasks (project_id, import_id, external_id, data, target, slots_used, answer_count, priority, created_at)
      select ${projectId}, null, null, '{"text":"item ' || x || '"}', ${OVERLAP}, 0, 0, 0, ${now} from c`.execute(db.kysely);
  }
  await db.kysely
    .updateTable('projects')
    .set((eb) => ({ task_count: eb('task_count', '+', count) }))
    .where('id', '=', projectId)
    .execute();
}

interface Fixture {
  owned: OwnedDb;
  projectId: number;
  annotators: { userId: number; token: string }[];
  seedMs: number;
}

async function fixture(dialect: DialectName, tasks: number, people: number): Promise<Fixture> {
  const owned = ownedDb(dialect, 'bz_bench');
  const t = performance.now();
  const db = await owned.open();
  try {
    const seeded = await seedProject(db, { annotators: people, tasks: 0, overlap: OVERLAP });
    await bulkTasks(db, seeded.projectId, tasks);
    return { owned, projectId: seeded.projectId, annotators: seeded.annotators, seedMs: performance.now() - t };
  } finally {
    await db.close();
  }
}

async function verify(f: Fixture, acknowledged: number): Promise<string> {
  const db = await f.owned.open();
  try {
    const t = performance.now();
    await checkInvariants(db, f.projectId);
    const stored = await db.kysely
      .selectFrom('annotations')
      .select(sql<number>`count(*)`.as('n'))
      .where('project_id', '=', f.projectId)
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== acknowledged) return `FAIL: ${acknowledged} acknowledged, ${stored.n} stored`;
    return `ok (${acknowledged} acknowledged = stored; checked in ${((performance.now() - t) / 1000).toFixed(1)} s)`;
  } catch (error) {
    return `FAIL: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  } finally {
    await db.close();
  }
}

// ---------- PostgreSQL: plain SKIP LOCKED claim loop vs our claim ----------

async function claimComparison(seconds: number, concurrency: number): Promise<{ plain: number; ours: number; oursErrors: number }> {
  const owned = ownedDb('postgres', 'bz_bench');
  const db = await owned.open({ poolSize: concurrency });
  try {
    const seeded = await seedProject(db, { annotators: 0, tasks: 0, overlap: OVERLAP });
    await bulkTasks(db, seeded.projectId, SMALL);
    const schema = owned.env.BIAOZHU_PG_SCHEMA!;
    const pool = new pg.Pool({ connectionString: PG_URL, max: concurrency, options: `-c search_path=${schema}` });
    await pool.query('create table tasks_plain (id bigserial primary key, claimed boolean not null default false)');
    await pool.query('insert into tasks_plain (claimed) select false from generate_series(1, 300000)');
    await pool.query('create index tasks_plain_open on tasks_plain (id) where not claimed');
    await pool.query('analyze tasks_plain');
    const loop = async (claim: () => Promise<boolean>) => {
      let n = 0;
      let errors = 0;
      const stopAt = performance.now() + seconds * 1000;
      const warm = performance.now() + 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < stopAt) {
            let ok = false;
            try {
              ok = await claim();
            } catch {
              errors++;
            }
            if (ok && performance.now() > warm) n++;
          }
        }),
      );
      return { rate: n / (seconds - 1), errors };
    };
    const plain = await loop(async () => {
      const r = await pool.query(
        'update tasks_plain set claimed = true where id = (select id from tasks_plain where not claimed order by id limit 1 for update skip locked) returning id',
      );
      return r.rowCount === 1;
    });
    // Our claim: a fresh annotator per claim (a worker holding a lease would just get it back), users inserted in bulk.
    const org = await db.kysely.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    const USERS = 40_000;
    await sql`insert into users (org_id, email, name, role, password_hash, disabled, created_at)
      select ${org.id}, 'c' || g || '@b.local', 'c' || g, 'annotator', 'x', 0, 0 from generate_series(1, ${USERS}::int) g`.execute(db.kysely);
    const ids = (await db.kysely.selectFrom('users').select('id').where('email', 'like', 'c%@b.local').orderBy('id').execute()).map((r) => r.id);
    const ctx = createContext(db);
    let next = 0;
    const ours = await loop(async () => {
      const userId = ids[next++];
      if (userId === undefined) return false;
      const actor: Actor = { userId, orgId: org.id, role: 'annotator', email: `u${userId}` };
      const out = await claimNext(ctx, actor, seeded.projectId);
      return 'assignment' in out && out.assignment !== undefined;
    });
    await pool.end();
    return { plain: plain.rate, ours: ours.rate, oursErrors: ours.errors };
  } finally {
    await db.close();
    await owned.drop();
  }
}

// ---------- the run ----------

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const rows: string[] = [];
const row = (cells: (string | number)[]) => {
  const line = `| ${cells.join(' | ')} |`;
  rows.push(line);
  console.log(line);
};
const header = '| run | annotators | cycles/s | p50 ms | p99 ms | max ms | request p99 ms | errors |';
const sep = '|---|---|---|---|---|---|---|---|';
const errText = (e: Record<string, number>) => Object.entries(e).map(([k, v]) => `${k}: ${v}`).join(', ') || '0';

async function serverRun(label: string, f: Fixture, durability: 'default' | 'strict', people: number, thinkMs?: number): Promise<LoadResult> {
  const profileDir = path.join(os.tmpdir(), 'bz-assign-profiles');
  const server = await startServerProcess({
    env: { ...f.owned.env, BIAOZHU_DURABILITY: durability },
    ...(values.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  try {
    const r = await runLoad({
      baseUrl: server.baseUrl,
      annotators: f.annotators.slice(0, people),
      projectId: f.projectId,
      ...(thinkMs !== undefined ? { thinkMs, warmupMs: Math.max(WARMUP_MS, thinkMs * 1.5) } : {}),
    });
    row([label, people + (thinkMs !== undefined ? ` (think ${thinkMs} ms)` : ''), fmt(r.rate, 0), fmt(r.p50), fmt(r.p99), fmt(r.max), fmt(r.reqP99), errText(r.errors)]);
    return r;
  } finally {
    await server.stop(10_000);
  }
}

/** `--claim-only`: just the PostgreSQL claim comparison (about 15 s), for work on the claim itself. */
async function claimOnly(): Promise<void> {
  const seconds = Number(values['claim-s'] ?? 6);
  console.log(`# bench/assign --claim-only ${new Date().toISOString()}; ${os.cpus().length} cpus; ${seconds} s per loop (1 s warm-up)`);
  const claim = await claimComparison(seconds, 10);
  console.log(`- PostgreSQL claims/s (10 connections): plain SKIP LOCKED ${fmt(claim.plain, 0)}, overlap-aware claimNext ${fmt(claim.ours, 0)} (${claim.oursErrors} errors)`);
  const ratio = claim.ours / claim.plain;
  console.log(`- PostgreSQL overlap-aware claim vs plain SKIP LOCKED: ${fmt(ratio, 2)}x (goal >= 0.5x) ${ratio >= 0.5 ? 'MET' : 'MISSED'}`);
}

async function main() {
  if (values['claim-only']) return claimOnly();
  const started = performance.now();
  if (values.profile) console.log(`server CPU profiles go to ${path.join(os.tmpdir(), 'bz-assign-profiles')}`);
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}; node ${process.version}\n${execSync('free -h').toString().trim()}`;
  console.log(`# bench/assign ${new Date().toISOString()}\n${machine}\ncommand: npm run bench -- assign ${process.argv.slice(2).join(' ')}`);
  console.log(`medians of ${WINDOWS} windows of ${WINDOW_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up; latency = one next + submit cycle\n`);
  console.log(header);
  console.log(sep);
  // --soak runs only the 3-minute run (it is long enough on its own).
  const SOAK_ONLY = values.soak;
  const noop = await startNoop();
  const fake = Array.from({ length: Math.max(ANNOTATORS, CROWD) }, (_, i) => ({ userId: i, token: `noop-${i}` }));
  const noopR = await runLoad({ baseUrl: noop.baseUrl, annotators: fake.slice(0, ANNOTATORS), projectId: 1 });
  row(['no-op Fastify chain', ANNOTATORS, fmt(noopR.rate, 0), fmt(noopR.p50), fmt(noopR.p99), fmt(noopR.max), fmt(noopR.reqP99), errText(noopR.errors)]);
  await noop.stop();

  const results: Record<string, LoadResult> = {};
  const invariants: string[] = [];
  const sizes = SOAK_ONLY ? [] : QUICK || values['crowd-only'] ? [SMALL] : [SMALL, BIG];
  const durabilities: ('default' | 'strict')[] = QUICK ? ['default'] : ['default', 'strict'];
  for (const dialect of DIALECTS) {
    for (const size of sizes) {
      const people = size === SMALL ? Math.max(ANNOTATORS, CROWD) : ANNOTATORS;
      type Run = { label: string; key: string; durability: 'default' | 'strict'; annotators: number; think?: number };
      const runs: Run[] = (values['crowd-only'] ? [] : durabilities).map((durability) => ({
        label: `${dialect}, ${durability}, ${size.toLocaleString('en')} tasks`,
        key: `${dialect} ${durability} ${size}`,
        durability,
        annotators: ANNOTATORS,
      }));
      if (size === SMALL && !QUICK) {
        runs.push({ label: `${dialect}, default, ${size.toLocaleString('en')} tasks`, key: `${dialect} crowd`, durability: 'default', annotators: CROWD, think: THINK_MS });
      }
      // A 10k-task project is used up within seconds at full speed, so each run gets a fresh one; the 1M-task project
      // is seeded once and shared by its runs.
      const shared = size === SMALL ? undefined : await fixture(dialect, size, people);
      if (shared) console.log(`<!-- seeded ${dialect} ${size} tasks + ${people} annotators in ${(shared.seedMs / 1000).toFixed(1)} s -->`);
      let sharedAcknowledged = 0;
      try {
        for (const run of runs) {
          const f = shared ?? (await fixture(dialect, size, people));
          try {
            const r = await serverRun(run.label, f, run.durability, run.annotators, run.think);
            results[run.key] = r;
            if (shared) sharedAcknowledged += r.acknowledged;
            else invariants.push(`${run.key}: ${await verify(f, r.acknowledged)}`);
          } finally {
            if (!shared) await f.owned.drop();
          }
        }
        if (shared) invariants.push(`${dialect} ${size}: ${await verify(shared, sharedAcknowledged)}`);
      } finally {
        await shared?.owned.drop();
      }
    }
  }

  let claim: Awaited<ReturnType<typeof claimComparison>> | undefined;
  if (DIALECTS.includes('postgres') && !SOAK_ONLY && !values['crowd-only']) claim = await claimComparison(QUICK ? 3 : 6, 10);

  let soak: number[] | undefined;
  if (values.soak) {
    const f = await fixture('sqlite', 100_000, ANNOTATORS);
    try {
      const minutes = 3;
      const r = await (async () => {
        const server = await startServerProcess({ env: f.owned.env });
        try {
          return await runLoad({ baseUrl: server.baseUrl, annotators: f.annotators, projectId: f.projectId, warmupMs: 0, windows: minutes, windowMs: 60_000 });
        } finally {
          await server.stop(10_000);
        }
      })();
      soak = r.windows.map((w) => w.rate);
      invariants.push(`soak sqlite 100000: ${await verify(f, r.acknowledged)}`);
    } finally {
      await f.owned.drop();
    }
  }

  console.log('\n## Goals (DESIGN.md performance budget)\n');
  const goal = (name: string, value: number, target: number, higherIsBetter: boolean, unit = 'x') => {
    if (!Number.isFinite(value)) return;
    const met = higherIsBetter ? value >= target : value <= target;
    const by = higherIsBetter ? `${((1 - value / target) * 100).toFixed(0)}% short` : `${((value / target - 1) * 100).toFixed(0)}% over`;
    console.log(`- ${name}: ${fmt(value, 2)}${unit} (goal ${higherIsBetter ? '>=' : '<='} ${target}${unit}) ${met ? 'MET' : `MISSED by ${by}`}`);
  };
  for (const durability of durabilities) {
    const r = results[`sqlite ${durability} ${SMALL}`];
    if (r) goal(`SQLite ${durability} cycles/s vs no-op chain`, r.rate / noopR.rate, 0.4, true);
  }
  for (const dialect of DIALECTS) {
    const c = results[`${dialect} crowd`];
    if (c) goal(`${dialect} p99 with ${CROWD} annotators (think ${THINK_MS} ms)`, c.p99, 25, false, ' ms');
    for (const durability of durabilities) {
      const small = results[`${dialect} ${durability} ${SMALL}`];
      const big = results[`${dialect} ${durability} ${BIG}`];
      if (small && big) goal(`${dialect} ${durability} p50 at ${BIG.toLocaleString('en')} / p50 at 10k`, big.p50 / small.p50, 1.2, false);
    }
  }
  if (claim) {
    console.log(`- PostgreSQL claims/s (10 connections): plain SKIP LOCKED ${fmt(claim.plain, 0)}, overlap-aware claimNext ${fmt(claim.ours, 0)} (${claim.oursErrors} errors)`);
    goal('PostgreSQL overlap-aware claim vs plain SKIP LOCKED', claim.ours / claim.plain, 0.5, true);
  }
  if (soak) {
    console.log(`- soak (SQLite default, ${ANNOTATORS} annotators, 100k tasks) cycles/s per minute: ${soak.map((x) => fmt(x, 0)).join(', ')}`);
    goal('soak last minute / first minute', soak[soak.length - 1]! / soak[0]!, 0.8, true);
  }
  console.log('\n## Invariants\n');
  for (const line of invariants) console.log(`- ${line}`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (invariants.some((l) => l.includes('FAIL'))) process.exitCode = 1;
}

await main();
