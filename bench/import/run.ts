// Import benchmark: `importTasks` on a generated JSONL file against raw prepared inserts of the same rows, measured
// in the same run; then the peak RSS of an import of a large file in a separate process (memory must stay flat in
// the file size).
// Usage: npm run bench -- import [--rows 1000000] [--size 256M] [--dialect sqlite|postgres] [--seed 1] [--skip-rss]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readTasks } from '@biaozhu/core';
import { rawInsert } from './baseline.js';
import { writeJsonl } from './generate.js';
import { setupImportTarget } from './target.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    size: { type: 'string', default: '256M' },
    dialect: { type: 'string', default: 'sqlite' },
    seed: { type: 'string', default: '1' },
    'skip-rss': { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const SIZE = parseSize(values.size);
const DIALECT = values.dialect === 'postgres' ? 'postgres' : 'sqlite';
const SEED = Number(values.seed);

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(s.trim());
  if (!m) throw new Error(`--size: a size such as 512M or 2G, got "${s}"`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}
const mb = (b: number) => (b / 1024 ** 2).toFixed(0);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-bench-import-'));
try {
  console.log(`import bench: rows=${ROWS} dialect=${DIALECT} size=${mb(SIZE)} MB seed=${SEED} node=${process.version} cores=${os.availableParallelism()}`);
  const file = path.join(work, 'tasks.jsonl');
  const gen = await writeJsonl(file, { rows: ROWS }, SEED);
  console.log(`generated ${gen.rows} rows, ${mb(gen.bytes)} MB`);

  const rawDir = path.join(work, 'raw');
  const rawTarget = await setupImportTarget(DIALECT, rawDir);
  let t = performance.now();
  const rawRows = await rawInsert(rawTarget, file, rawDir);
  const rawMs = performance.now() - t;
  if (DIALECT === 'postgres') await (await setupImportTarget(DIALECT, rawDir)).close();

  const impDir = path.join(work, 'import');
  const target = await setupImportTarget(DIALECT, impDir);
  t = performance.now();
  const summary = await target.importFile(file);
  const impMs = performance.now() - t;
  await target.close();
  if (summary.tasksCreated !== rawRows) throw new Error(`imported ${summary.tasksCreated} rows, raw inserted ${rawRows}`);

  t = performance.now();
  let parsed = 0;
  for await (const _task of readTasks(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), { fileName: file, format: 'jsonl' })) parsed++;
  const readMs = performance.now() - t;

  console.log(`reader only (readTasks, no database): ${parsed} rows in ${(readMs / 1000).toFixed(2)} s = ${rate(parsed, readMs)} rows/s`);
  console.log(`raw prepared inserts: ${rawRows} rows in ${(rawMs / 1000).toFixed(2)} s = ${rate(rawRows, rawMs)} rows/s`);
  console.log(`importTasks:          ${summary.tasksCreated} rows in ${(impMs / 1000).toFixed(2)} s = ${rate(summary.tasksCreated, impMs)} rows/s`);
  console.log(`ratio import/raw: ${(rawMs / impMs).toFixed(2)}x (goal >= 0.5x)`);

  if (!values['skip-rss']) {
    const big = path.join(work, 'big.jsonl');
    const g = await writeJsonl(big, { bytes: SIZE }, SEED + 1);
    const tsx = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');
    const out = execFileSync(process.execPath, [tsx, path.join(import.meta.dirname, 'rss-child.ts'), big, path.join(work, 'rss'), DIALECT], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { rows: number; ms: number; peakRss: number };
    console.log(
      `large import: ${mb(g.bytes)} MB, ${r.rows} rows in ${(r.ms / 1000).toFixed(1)} s = ${rate(r.rows, r.ms)} rows/s; peak RSS ${mb(r.peakRss)} MB (goal <= 256 MB)`,
    );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
