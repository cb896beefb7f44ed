import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Context } from '../context.js';
import { CleaningPipeline } from '../cleaning/pipeline.js';
import type { CleanRecord, StepReport } from '../cleaning/types.js';
import { redactPii, scanPii } from '../cleaning/pii.js';
import { conflict, DomainError } from '../errors.js';
import { readTasksFromFile, type ParsedTask, type SkippedLine } from '../imports/index.js';
import { importTasks } from '../tasks/import-tasks.js';
import { applyFieldMap } from '../tasks/data-keys.js';
import type { CleaningJobPayload, StoredCleaningReport } from './cleaning-jobs.js';
import type { RunningJob } from '../jobs/job-runner.js';
import { finishJob } from '../jobs/finish-job.js';
import { holdsJobLock } from '../jobs/job-lock.js';
import { removeSpoolDir } from './spool.js';
import { mediaOf } from '../media/media-settings.js';
import { mediaUrl } from '../media/media-url.js';
import { forgetImages, storeImage } from '../media/store-image.js';

/** Where a parsed task's non-data parts (external id, Label Studio annotations) ride through the pipeline unseen. */
const CARRIED = Symbol('carried');
type Carried = Pick<ParsedTask, 'externalId' | 'annotations' | 'predictions'>;

const CLEAN_SHARE = 0.9;
const MAX_SKIPPED_LISTED = 1000;
const WRITE_CHUNK = 1 << 20;

/**
 * Runs one cleaning job in two resumable phases. Clean: the spooled upload is read (any import format), passed
 * through the pipeline and written to `cleaned.jsonl` next to a `report.json`; both appear by rename only when the
 * phase succeeds. A resumed job whose cleaned file exists goes straight to the import; otherwise it cleans again from
 * the start (the deduplication indexes live in memory). Import: the cleaned file is imported as tasks; the report
 * is stored in the transaction that commits the import (importTasks' beforeCommit), so a job's output is imported
 * exactly once and an import interrupted before it leaves nothing behind, and the job is marked done once the
 * import's tasks are all visible (beforeDone).
 */
export async function runCleaningJob(ctx: Context, job: RunningJob): Promise<unknown> {
  const p = job.payload as CleaningJobPayload;
  const cleanedPath = path.join(p.dir, 'cleaned.jsonl');
  const reportPath = path.join(p.dir, 'report.json');
  // Images this run stored (an archive or folder of images): taken back if the job fails, so nothing is half-stored.
  const storedImages: number[] = [];
  try {
    const already = await ctx.db.kysely.selectFrom('cleaning_reports').select('import_id').where('job_id', '=', job.id).executeTakeFirst();
    if (already) return { importId: already.import_id };
    let report: StoredCleaningReport;
    if (fs.existsSync(cleanedPath) && fs.existsSync(reportPath)) {
      report = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as StoredCleaningReport;
    } else {
      report = await cleanPhase(ctx, job, p, cleanedPath, reportPath, storedImages);
    }
    const result = await importPhase(ctx, job, p, cleanedPath, report);
    removeSpoolDir(ctx.db, p.dir);
    return result;
  } catch (error) {
    // A stopped job resumes from its spool; anything else (failed, cancelled) no longer needs it.
    if (job.signal.reason !== 'stopped') {
      removeSpoolDir(ctx.db, p.dir);
      if (storedImages.length > 0) await forgetImages(ctx, mediaOf(ctx).store, storedImages);
    }
    throw error;
  }
}

async function cleanPhase(
  ctx: Context,
  job: RunningJob,
  p: CleaningJobPayload,
  cleanedPath: string,
  reportPath: string,
  storedImages: number[],
): Promise<StoredCleaningReport> {
  const pipeline = new CleaningPipeline(p.pipeline, { now: () => new Date(ctx.now()) });
  const textField = pipeline.config.textField;
  const bytesTotal = fs.statSync(p.uploadPath).size;
  const skippedLines: SkippedLine[] = [];
  let badLines = 0;
  let bytesRead = 0;
  let recordsIn = 0;
  let recordsOut = 0;
  const progress = () =>
    job.setProgress(bytesTotal > 0 ? (CLEAN_SHARE * bytesRead) / bytesTotal : 0, { phase: 'cleaning', bytesRead, bytesTotal, recordsIn, recordsOut });
  const tasks = readTasksFromFile(p.uploadPath, {
    fileName: p.fileName,
    ...(p.format ? { format: p.format } : {}),
    ...(p.externalIdField ? { externalIdField: p.externalIdField } : {}),
    skipBadLines: p.skipBadLines,
    onSkip: (s) => {
      badLines += 1;
      if (skippedLines.length < MAX_SKIPPED_LISTED) skippedLines.push(s);
    },
    onProgress: (n) => {
      bytesRead = n;
      progress();
    },
    // An archive or folder of images: each image is stored and its task points at the served address.
    saveImage: async (file) => {
      const stored = await storeImage(ctx, mediaOf(ctx).store, p.actor, p.projectId, file);
      if (stored.created) storedImages.push(stored.id);
      return mediaUrl(p.projectId, stored.id);
    },
  });
  async function* records(): AsyncGenerator<CleanRecord> {
    for await (const t of tasks) {
      if (job.signal.aborted) throw new DomainError('conflict', 'job_interrupted', `job ${job.id} was interrupted (${String(job.signal.reason)})`);
      recordsIn += 1;
      // the manager's column mapping first, so the pipeline cleans the column that becomes the config's key
      const data: CleanRecord = { ...applyFieldMap(t.data, p.fieldMap) };
      if (p.keepOriginal && typeof data[textField] === 'string') data[p.originalKey] = data[textField];
      const carried: Carried = {
        ...(t.externalId !== undefined ? { externalId: t.externalId } : {}),
        ...(t.annotations ? { annotations: t.annotations } : {}),
        ...(t.predictions ? { predictions: t.predictions } : {}),
      };
      if (Object.keys(carried).length > 0) Object.defineProperty(data, CARRIED, { value: carried, enumerable: true });
      yield data;
    }
  }

  const tmp = `${cleanedPath}.tmp`;
  const out = fs.createWriteStream(tmp);
  let buffer = '';
  const flush = async () => {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  try {
    for await (const record of pipeline.run(records())) {
      recordsOut += 1;
      const carried = (record as { [CARRIED]?: Carried })[CARRIED];
      const line = carried ? { ...carried, ...(carried.externalId !== undefined ? { id: carried.externalId } : {}), data: record } : { data: record };
      delete (line as { externalId?: string }).externalId;
      buffer += JSON.stringify(line) + '\n';
      if (buffer.length >= WRITE_CHUNK) await flush();
    }
    if (buffer) await flush();
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    if (error instanceof Error && error.name === 'MissingTextError') throw new DomainError('invalid', 'missing_text', error.message);
    throw error;
  }
  bytesRead = bytesTotal;
  progress();
  const raw = pipeline.report();
  const report: StoredCleaningReport = {
    ...raw,
    steps: raw.steps.map(redactExamples),
    badLines,
    skippedLines,
    keptOriginal: p.keepOriginal,
    originalKey: p.keepOriginal ? p.originalKey : null,
  };
  fs.writeFileSync(`${reportPath}.tmp`, JSON.stringify(report));
  fs.renameSync(`${reportPath}.tmp`, reportPath);
  fs.renameSync(tmp, cleanedPath);
  await ctx.db.kysely.updateTable('intake_jobs').set({ report: JSON.stringify(report) }).where('job_id', '=', job.id).execute();
  return report;
}

async function importPhase(ctx: Context, job: RunningJob, p: CleaningJobPayload, cleanedPath: string, report: StoredCleaningReport): Promise<unknown> {
  const size = fs.statSync(cleanedPath).size;
  const base = { phase: 'importing', bytesTotal: fs.statSync(p.uploadPath).size, recordsIn: report.input + report.badLines, recordsOut: report.output };
  job.setProgress(CLEAN_SHARE, { ...base, bytesRead: base.bytesTotal });
  async function* input(): AsyncGenerator<Uint8Array> {
    let read = 0;
    for await (const chunk of fs.createReadStream(cleanedPath, { highWaterMark: 256 * 1024 })) {
      if (job.signal.aborted) throw new DomainError('conflict', 'job_interrupted', `job ${job.id} was interrupted (${String(job.signal.reason)})`);
      read += (chunk as Buffer).length;
      job.setProgress(CLEAN_SHARE + ((1 - CLEAN_SHARE) * read) / Math.max(1, size), { ...base, bytesRead: base.bytesTotal, importedBytes: read });
      yield chunk as Buffer;
    }
  }
  let result: { importId: number; tasksCreated: number; tasksUpdated: number } | undefined;
  const summary = await importTasks(ctx, p.actor, p.projectId, input(), {
    fileName: p.fileName,
    format: 'jsonl',
    source: p.source,
    // already applied while cleaning; given again so a key still missing is reported with the mapping in view
    ...(p.fieldMap ? { fieldMap: p.fieldMap } : {}),
    beforeCommit: async (trx, importId) => {
      const now = ctx.now();
      await trx
        .insertInto('cleaning_reports')
        .values({
          job_id: job.id,
          project_id: p.projectId,
          import_id: importId,
          file_name: p.fileName,
          pipeline: JSON.stringify(p.pipeline),
          report: JSON.stringify(report),
          created_at: now,
        })
        .execute();
      if (!(await holdsJobLock(trx, ctx.db.dialect, job))) throw conflict('job_not_running', `job ${job.id} was cancelled or taken over; its import is rolled back`);
    },
    // Once every task is visible. A runner that lost the job after the commit leaves it to the next one, which
    // finds the report above and finishes the job without importing again.
    beforeDone: async (trx, importId) => {
      const counts = await trx.selectFrom('imports').select(['tasks_created', 'tasks_updated']).where('id', '=', importId).executeTakeFirstOrThrow();
      result = { importId, tasksCreated: counts.tasks_created, tasksUpdated: counts.tasks_updated };
      await finishJob(trx, job, result, ctx.now());
    },
  });
  return result ?? { importId: summary.id, tasksCreated: summary.tasksCreated, tasksUpdated: summary.tasksUpdated };
}

/**
 * Masks personal information in the examples of every step (the pii step masks its own; a dedup or filter example
 * taken before it would otherwise repeat a phone number), so a stored report never holds personal information.
 */
function redactExamples(step: StepReport): StepReport {
  const mask = (text: string) => {
    const scan = scanPii(text);
    return scan.detections.length > 0 ? redactPii(text, scan.detections, 'mask') : text;
  };
  const findings = Object.fromEntries(
    Object.entries(step.findings).map(([kind, f]) => [kind, { ...f, examples: f.examples.map((e) => ({ ...e, text: mask(e.text), ...(e.detail ? { detail: mask(e.detail) } : {}) })) }]),
  );
  const details = step.details ? (JSON.parse(JSON.stringify(step.details, (_k, v: unknown) => (typeof v === 'string' ? mask(v) : v))) as Record<string, unknown>) : undefined;
  return { ...step, findings, ...(details ? { details } : {}) };
}
