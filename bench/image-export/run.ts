// Image export benchmark (issue #10 item 4): a project of 50,000 images, each answered with 4 boxes (one rotated),
// exported as COCO (JSON), YOLO (zip) and Pascal VOC (zip) without the image files, in process (no HTTP), to a
// file on disk. Baseline measured in the same run: the plain read of the same rows (the tasks and their answers,
// page by page by id, JSON parsed), the least any export must do, run right before each case in every round. Prints
// rows/s, the median ratio baseline/export of the rounds and each case's peak JS heap + Buffers (memory flat: the
// peak does not grow with the project; compare --tasks 10000).
// Usage: npm run bench -- image-export [--tasks 50000] [--dialects sqlite,postgres] [--rounds 3] [--formats coco,yolo,voc] [--memory]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createContext, exportImageProject, exportProject, type ImageExportFormat } from '@biaozhu/core';
import { sql, type Db, type DialectName } from '@biaozhu/storage';
import { ownedDb, seedProject } from '../../test/support/processes.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '50000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    rounds: { type: 'string', default: '3' },
    formats: { type: 'string', default: 'coco,yolo,voc' },
    memory: { type: 'boolean', default: false },
  },
});
const TASKS = Number(values.tasks);
const ROUNDS = Number(values.rounds);
const DIALECTS = values.dialects.split(',').filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
const FORMATS = values.formats.split(',').filter((f): f is ImageExportFormat => f === 'coco' || f === 'yolo' || f === 'voc');
const PAGE = 1000;

const CONFIG = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [{ type: 'rectangles', name: 'box', toName: 'img', labels: [{ value: 'car' }, { value: 'person' }, { value: 'bike' }], multiple: false, required: false, canRotate: true }],
};
const item = (id: string, x: number, y: number, rotation: number, label: string) => ({
  id,
  from_name: 'box',
  to_name: 'img',
  type: 'rectanglelabels',
  original_width: 1920,
  original_height: 1080,
  image_rotation: 0,
  value: { x, y, width: 12.5, height: 20, rotation, rectanglelabels: [label] },
});
const RESULT = JSON.stringify([item('a', 5, 5, 0, 'car'), item('b', 30, 10, 0, 'person'), item('c', 60, 40, 15, 'bike'), item('d', 10, 60, 0, 'car')]);

async function seed(db: Db): Promise<{ projectId: number; manager: Parameters<typeof exportImageProject>[1] }> {
  const seeded = await seedProject(db, { annotators: 1, tasks: 0, overlap: 1 });
  const projectId = seeded.projectId;
  await db.kysely.updateTable('projects').set({ label_config: JSON.stringify(CONFIG) }).where('id', '=', projectId).execute();
  const now = Date.now();
  const cols = sql`(project_id, data, target, slots_used, answer_count, priority, created_at)`;
  const vals = (i: string) => sql`${projectId}, '{"image":"https://images.example.com/street/frame-' || ${sql.raw(i)} || '.jpg"}', 1, 1, 1, 0, ${now}`;
  if (db.dialect === 'postgres') await sql`insert into tasks ${cols} select ${vals('i')} from generate_series(1, ${TASKS}) as i`.execute(db.kysely);
  else await sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${TASKS}) insert into tasks ${cols} select ${vals('i')} from s`.execute(db.kysely);
  const worker = seeded.annotators[0]!.userId;
  await sql`insert into annotations (task_id, project_id, user_id, result, lead_time_ms, created_at)
    select id, project_id, ${worker}, ${RESULT}, 4000, ${now} from tasks where project_id = ${projectId}`.execute(db.kysely);
  await db.kysely.updateTable('projects').set({ task_count: TASKS, completed_count: TASKS }).where('id', '=', projectId).execute();
  await sql`analyze`.execute(db.kysely);
  return { projectId, manager: seeded.manager };
}

/** The baseline: the tasks and their answers read page by page in id order from one snapshot, their JSON parsed. */
async function plainRead(db: Db, projectId: number): Promise<number> {
  const snapshot = await db.snapshot();
  let rows = 0;
  try {
    let after = 0;
    for (;;) {
      const tasks = await snapshot.db.selectFrom('tasks').select(['id', 'data']).where('project_id', '=', projectId).where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (tasks.length === 0) break;
      const answers = await snapshot.db.selectFrom('annotations').select(['id', 'task_id', 'result']).where('task_id', 'in', tasks.map((t) => t.id)).orderBy('id').execute();
      for (const t of tasks) JSON.parse(t.data);
      for (const a of answers) JSON.parse(a.result);
      rows += tasks.length;
      after = tasks[tasks.length - 1]!.id;
    }
  } finally {
    await snapshot.release();
  }
  return rows;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

// Peak memory per case: the JS heap plus Buffers (what an export holds; RSS never shrinks back between cases, so its
// process-wide peak says little per case), sampled every 5 ms after a full GC.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapNow = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * `--memory`: each case runs once more, untimed, with a full GC before every sample (every 100 ms), so the peak is
 * what the case keeps alive, not garbage the GC had not collected yet (which grows with a longer run on its own).
 */
async function liveHeapPeak(run: () => Promise<unknown>): Promise<number> {
  gc();
  const start = heapNow();
  let peak = 0;
  const sampler = setInterval(() => {
    gc();
    peak = Math.max(peak, heapNow() - start);
  }, 100);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  return peak / 1024 / 1024;
}

async function measured(run: () => Promise<unknown>): Promise<{ s: number; peakMb: number }> {
  gc();
  let peak = heapNow();
  const sampler = setInterval(() => (peak = Math.max(peak, heapNow())), 5);
  const start = performance.now();
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  const s = (performance.now() - start) / 1000;
  return { s, peakMb: Math.max(peak, heapNow()) / 1024 / 1024 };
}

async function benchDialect(dialect: DialectName): Promise<void> {
  const owned = ownedDb(dialect, 'bz_bench_image_export');
  const db = await owned.open();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-image-export-'));
  try {
    const t0 = performance.now();
    const { projectId, manager } = await seed(db);
    console.log(`\n${dialect}: ${TASKS.toLocaleString('en')} images with 4 boxes each seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; medians of ${ROUNDS} rounds`);
    const ctx = createContext(db);
    // Each round reads the rows plainly right before each case, and the case's ratio is taken against that read: on a
    // shared machine the load moves between rounds, less between two neighbouring runs.
    const cases: Record<string, () => Promise<unknown>> = {
      'jsonl (same task reader, for comparison)': () => pipeline(Readable.from(exportProject(ctx, manager, projectId, 'jsonl')), fs.createWriteStream(path.join(out, 'export.jsonl'))),
    };
    for (const format of FORMATS) {
      cases[format] = () => pipeline(Readable.from(exportImageProject(ctx, manager, projectId, format, { tempDir: out })), fs.createWriteStream(path.join(out, `export.${format}`)));
    }
    const results = new Map<string, { base: number[]; s: number[]; ratio: number[]; peakMb: number[] }>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, run] of Object.entries(cases)) {
        const base = await measured(() => plainRead(db, projectId));
        const m = await measured(run);
        const entry = results.get(name) ?? { base: [], s: [], ratio: [], peakMb: [] };
        entry.base.push(base.s);
        entry.s.push(m.s);
        entry.ratio.push(base.s / m.s);
        entry.peakMb.push(m.peakMb);
        results.set(name, entry);
        const plain = results.get('baseline') ?? { base: [], s: [], ratio: [], peakMb: [] };
        plain.s.push(base.s);
        plain.peakMb.push(base.peakMb);
        results.set('baseline', plain);
      }
    }
    const plain = results.get('baseline')!;
    console.log('| case | s | rows/s | ratio vs plain read (same round) | file MB | peak heap+buffers MB |\n| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| baseline: plain read of tasks and answers | ${median(plain.s).toFixed(2)} | ${Math.round(TASKS / median(plain.s)).toLocaleString('en')} | 1.00 | | ${Math.max(...plain.peakMb).toFixed(0)} |`);
    for (const [name, r] of results) {
      if (name === 'baseline') continue;
      const file = name in FORMATS_BY_NAME ? path.join(out, `export.${name}`) : path.join(out, 'export.jsonl');
      const t = median(r.s);
      console.log(
        `| ${name} | ${t.toFixed(2)} | ${Math.round(TASKS / t).toLocaleString('en')} | ${median(r.ratio).toFixed(2)} | ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} | ${Math.max(...r.peakMb).toFixed(0)} |`,
      );
    }
    console.log(`process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    if (values.memory) {
      console.log('\n| case | live heap + buffers above the start, peak MB (GC before each sample) |\n| --- | ---: |');
      console.log(`| baseline: plain read | ${(await liveHeapPeak(() => plainRead(db, projectId))).toFixed(1)} |`);
      for (const [name, run] of Object.entries(cases)) console.log(`| ${name} | ${(await liveHeapPeak(run)).toFixed(1)} |`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    await db.close();
    await owned.drop();
  }
}

const FORMATS_BY_NAME: Record<string, true> = { coco: true, yolo: true, voc: true };

for (const dialect of DIALECTS) await benchDialect(dialect);
