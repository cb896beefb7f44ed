// Big writes on SQLite: how long a small write (what a claim or a submit is: one transaction through `Db.write`)
// waits while a lot of every task is cut and while an aggregation writes and then replaces a project's aggregates.
// The baseline is the same small write on the same database with nothing else running, measured in the same run.
// Usage: npm run bench -- big-writes [--tasks 1000000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { AGGREGATION_JOB_KIND, JobRunner, createContext, createProject, createUser, cutLot, importTasks, runAggregationJob, startAggregation, type Actor } from '@biaozhu/core';
import { migrateToLatest, openDatabase } from '@biaozhu/storage';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '1000000' } } });
const TASKS = Number(values.tasks);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-bench-big-writes-'));
const db = await openDatabase({ dataDir: dir });
await migrateToLatest(db);
const ctx = createContext(db);
const user = await createUser(ctx, { email: 'manager@bench.local', password: 'password-manager', role: 'manager' });
const actor: Actor = { userId: user.id, orgId: user.org_id, role: 'manager', email: user.email };
const labelConfig = {
  objects: [{ type: 'text' as const, name: 'text', value: 'text' }],
  controls: [{ type: 'choices' as const, name: 'sentiment', toName: 'text', choices: [{ value: 'positive' }, { value: 'negative' }] }],
};
const project = await createProject(ctx, actor, { name: 'big writes', labelConfig, overlap: 1 });

// Every task completed by one imported answer, so all of them can be cut and aggregated.
const file = path.join(dir, 'tasks.jsonl');
const out = fs.createWriteStream(file);
for (let i = 0; i < TASKS; i++) {
  const choice = i % 3 === 0 ? 'negative' : 'positive';
  const result = [{ id: 'r1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }];
  if (!out.write(JSON.stringify({ data: { text: `t${i}` }, annotations: [{ completed_by: 7, result }] }) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
}
await new Promise<void>((r) => out.end(() => r()));
const source = { name: 'bench', license: 'CC0', collectionMethod: 'generated', containsPersonalInfo: false };
await importTasks(ctx, actor, project.id, Readable.from(fs.createReadStream(file)), { fileName: 'tasks.jsonl', format: 'jsonl', source });

interface Figures {
  seconds: number;
  writes: number;
  p50: number;
  p99: number;
  max: number;
}

/** Makes small writes one after another (2 ms apart) until `work` ends; their latencies. */
async function probe(work: () => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  let done = false;
  const writes = (async () => {
    while (!done) {
      const start = performance.now();
      await db.write((trx) => trx.updateTable('organizations').set({ name: 'bench' }).where('id', '=', actor.orgId).execute());
      latencies.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  done = true;
  await writes;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { seconds, writes: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0 };
}

const aggregate = async () => {
  await startAggregation(ctx, actor, project.id, 'mv');
  await new JobRunner(ctx, { [AGGREGATION_JOB_KIND]: runAggregationJob }).drain();
};
const idle = await probe(() => new Promise((r) => setTimeout(r, 2000)));
const runs: [string, Figures][] = [
  ['idle (baseline)', idle],
  [`cut a lot of ${TASKS} tasks`, await probe(() => cutLot(ctx, actor, project.id, { aql: '1.0', seed: 1 }))],
  [`aggregate ${TASKS} tasks`, await probe(aggregate)],
  ['aggregate again (replaces them)', await probe(aggregate)],
];
console.log(`SQLite, default durability, ${TASKS} tasks; small writes during each step:`);
for (const [label, f] of runs) {
  console.log(
    `${label.padEnd(34)} ${f.seconds.toFixed(1).padStart(6)} s  ${String(f.writes).padStart(5)} writes  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(7)} ms  max ${f.max.toFixed(1).padStart(7)} ms  p99 ${(f.p99 / Math.max(idle.p99, 0.01)).toFixed(1)}x idle`,
  );
}
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
