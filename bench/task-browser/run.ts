// Task browser benchmark (issue #11 item 3): a project of 1,000,000 tasks on SQLite and PostgreSQL, and the p95 time
// of listTasks (core/tasks/task-browser.ts, in process, no HTTP) for the first page, a deep keyset page (id and
// priority sort), an indexed filter (answers=any) and a scan filter (text search, one bounded window), against a
// baseline measured in the same run: a plain `select ... where project_id = ? and id > ? order by id limit 50`.
// Usage: npm run bench -- task-browser [--tasks 1000000] [--dialects sqlite,postgres] [--rounds 40]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createContext, listTasks, type TaskBrowserQuery } from '@biaozhu/core';
import { sql, type Db, type DialectName } from '@biaozhu/storage';
import { ownedDb, seedProject } from '../../test/support/processes.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    rounds: { type: 'string', default: '40' },
  },
});
const TASKS = Number(values.tasks);
const ROUNDS = Number(values.rounds);
const DIALECTS = values.dialects.split(',').filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
const PAGE = 50;

/**
 * Seeds the tasks in one INSERT ... SELECT over a generated series: every 10th task has one answer (counters only:
 * the browser's indexed filters read them), priorities cycle 0..6.
 */
async function seedTasks(db: Db, projectId: number, n: number): Promise<void> {
  const now = Date.now();
  const values = (i: string) =>
    sql`${projectId}, '{"text":"item ' || ${sql.raw(i)} || '","source":"bench"}', 1, case when ${sql.raw(i)} % 10 = 0 then 1 else 0 end, case when ${sql.raw(i)} % 10 = 0 then 1 else 0 end, ${sql.raw(i)} % 7, ${now}`;
  const cols = sql`(project_id, data, target, slots_used, answer_count, priority, created_at)`;
  if (db.dialect === 'postgres') {
    await sql`insert into tasks ${cols} select ${values('i')} from generate_series(1, ${n}) as i`.execute(db.kysely);
  } else {
    await sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${n}) insert into tasks ${cols} select ${values('i')} from s`.execute(db.kysely);
  }
  await db.kysely.updateTable('projects').set({ task_count: n, completed_count: Math.floor(n / 10) }).where('id', '=', projectId).execute();
  if (db.dialect === 'postgres') await sql`analyze tasks`.execute(db.kysely);
  else await sql`analyze`.execute(db.kysely);
}

function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

async function time(run: () => Promise<unknown>): Promise<{ p95: number; median: number }> {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  const s = [...ms].sort((a, b) => a - b);
  return { p95: p95(ms), median: s[Math.floor(s.length / 2)]! };
}

const cursorOf = (v: number, id: number) => Buffer.from(JSON.stringify([v, id])).toString('base64url');

async function benchDialect(dialect: DialectName): Promise<void> {
  const owned = ownedDb(dialect, 'bz_bench_browse');
  const db = await owned.open();
  try {
    const seeded = await seedProject(db, { annotators: 0, tasks: 0, overlap: 1 });
    const t0 = performance.now();
    await seedTasks(db, seeded.projectId, TASKS);
    const seedS = (performance.now() - t0) / 1000;
    const ctx = createContext(db);
    const projectId = seeded.projectId;
    const ids = await db.kysely
      .selectFrom('tasks')
      .select([sql<number>`min(id)`.as('lo'), sql<number>`max(id)`.as('hi')])
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    const deepId = Number(ids.lo) + Math.floor(0.9 * (Number(ids.hi) - Number(ids.lo)));
    const deepPriority = await db.kysely
      .selectFrom('tasks')
      .select(['priority', 'id'])
      .where('project_id', '=', projectId)
      .orderBy('priority')
      .orderBy('id')
      .offset(Math.floor(0.9 * TASKS))
      .limit(1)
      .executeTakeFirstOrThrow();
    const list = (q: TaskBrowserQuery) => () => listTasks(ctx, seeded.manager, projectId, { limit: PAGE, ...q });
    const cases: [string, () => Promise<unknown>][] = [
      ['baseline: select by primary key, limit 50', () => sql`select id, data from tasks where project_id = ${projectId} and id > ${deepId} order by id limit ${PAGE}`.execute(db.kysely)],
      ['first page (sort id)', list({})],
      ['deep page at 90% (keyset, sort id)', list({ cursor: cursorOf(deepId, deepId) })],
      ['deep page at 90% (keyset, sort priority)', list({ sort: 'priority', cursor: cursorOf(Number(deepPriority.priority), Number(deepPriority.id)) })],
      ['filtered: answers=any, deep', list({ answers: 'any', cursor: cursorOf(deepId, deepId) })],
      ['filtered: state=done, sort answers desc', list({ state: 'done', sort: 'answers', order: 'desc' })],
      ['scan: q="item 99999" (one 5,000-task window)', list({ q: 'item 99999', cursor: cursorOf(deepId, deepId) })],
    ];
    console.log(`\n${dialect}: ${TASKS.toLocaleString('en')} tasks seeded in ${seedS.toFixed(1)} s; ${ROUNDS} rounds each, ms`);
    console.log('| case | median | p95 |\n| --- | ---: | ---: |');
    for (const [label, run] of cases) {
      const r = await time(run);
      console.log(`| ${label} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} |`);
    }
  } finally {
    await db.close();
    await owned.drop();
  }
}

for (const dialect of DIALECTS) await benchDialect(dialect);
