// Image export benchmark (issue #10 item 4): a project of 50,000 images, each answered with 4 boxes (one rotated),
// exported as COCO (JSON), YOLO (zip) and Pascal VOC (zip) without the image files, in process (no HTTP), to a
// file on disk. Baseline measured in the same run: the plain read of the same rows (the tasks and their answers,
// page by page by id, JSON parsed), the least any export must do. Prints rows/s, the ratio export/baseline and the
// peak RSS (memory flat: the peak does not grow with the project; compare --tasks 10000).
// Usage: npm run bench -- image-export [--tasks 50000] [--dialects sqlite,postgres] [--rounds 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createContext, exportImageProject, exportProject, type ImageExportFormat } from '@biaozhu/core';
import { sql, type Db, type DialectName } from '@biaozhu/storage';
import { ownedDb, seedProject } from '../../test/support/processes.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '50000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    rounds: { type: 'string', default: '3' },
  },
});
const TASKS = Number(values.tasks);
const ROUNDS = Number(values.rounds);
const DIALECTS = values.dialects.split(',').filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
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
  return s[Math.floor(s.length / 2)]!;
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
    const baseline: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const s = performance.now();
      await plainRead(db, projectId);
      baseline.push((performance.now() - s) / 1000);
    }
    const base = median(baseline);
    console.log('| case | s | rows/s | ratio vs plain read | file MB | peak RSS MB |\n| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| baseline: plain read of tasks and answers | ${base.toFixed(2)} | ${Math.round(TASKS / base).toLocaleString('en')} | 1.00 | | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`);
    // For comparison: the JSONL export, which reads the tasks through the same shared reader (exported-tasks.ts).
    {
      const s = performance.now();
      for (let r = 0; r < ROUNDS; r++) await pipeline(Readable.from(exportProject(ctx, manager, projectId, 'jsonl')), fs.createWriteStream(path.join(out, 'export.jsonl')));
      const t = (performance.now() - s) / 1000 / ROUNDS;
      console.log(`| jsonl (same task reader, for comparison) | ${t.toFixed(2)} | ${Math.round(TASKS / t).toLocaleString('en')} | ${(base / t).toFixed(2)} | | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`);
    }
    for (const format of ['coco', 'yolo', 'voc'] as ImageExportFormat[]) {
      const times: number[] = [];
      let size = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const file = path.join(out, `export.${format}`);
        const s = performance.now();
        await pipeline(Readable.from(exportImageProject(ctx, manager, projectId, format, { tempDir: out })), fs.createWriteStream(file));
        times.push((performance.now() - s) / 1000);
        size = fs.statSync(file).size;
      }
      const t = median(times);
      console.log(
        `| ${format} | ${t.toFixed(2)} | ${Math.round(TASKS / t).toLocaleString('en')} | ${(base / t).toFixed(2)} | ${(size / 1024 / 1024).toFixed(1)} | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`,
      );
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    await db.close();
    await owned.drop();
  }
}

for (const dialect of DIALECTS) await benchDialect(dialect);
