import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '@biaozhu/storage';
import { seesWorkerIdentities } from '../access/worker-pseudonyms.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, DomainError, forbidden, notFound } from '../errors.js';
import { cancelJob } from '../jobs/cancel-job.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { finishJob } from '../jobs/finish-job.js';
import { holdsJobLock } from '../jobs/job-lock.js';
import { liveJobProgress, type JobHandler } from '../jobs/job-runner.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { checkImageExport, exportImageProject, imageExportFile, type ImageExportFormat, type ImageExportSummary } from './export-images.js';
import type { ImageReader } from './image-reader.js';

export const EXPORT_JOB_KIND = 'export.images';

/** How long a finished export's file is kept for download. */
export const EXPORT_FILE_TTL_MS = 7 * 24 * 3600 * 1000;

/** What an export job needs to run (and resume), stored as the job's payload. */
interface ExportJobPayload {
  projectId: number;
  /** Who asked: the export is made as they may see the project (a client's view for a client). */
  actor: Actor;
  format: ImageExportFormat;
  includeImages: boolean;
}

/** A background export as the API shows it. */
export interface ExportJobView {
  id: number;
  projectId: number;
  format: ImageExportFormat;
  includeImages: boolean;
  status: string;
  /** 0..1: tasks read of the project's tasks. */
  progress: number;
  tasksDone: number;
  tasksTotal: number | null;
  /** What the file holds and left out; once done. */
  summary: ImageExportSummary | null;
  error: string | null;
  /** The file, once the job is done and until it expires. */
  file: { name: string; size: number; expiresAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Where background exports keep their files until they expire: next to the SQLite file, or under
 * `$BIAOZHU_DATA_DIR/exports/<schema>` with PostgreSQL (a shared folder when several servers share the database:
 * any of them may run the job and any may serve the download).
 */
export function exportFilesRoot(db: Db): string {
  if (db.dialect === 'sqlite') return path.join(path.dirname(db.location), 'exports');
  return path.resolve(process.env.BIAOZHU_DATA_DIR || './data', 'exports', db.schema ?? 'public');
}

/**
 * Queues a background image export of the project (for projects too big to download while you wait). The format
 * is checked against the label config now, so a job never starts with a format that cannot apply. The job row,
 * its export row and the audit event are one transaction.
 */
export async function startExportJob(ctx: Context, actor: Actor, projectId: number, input: { format: ImageExportFormat; includeImages: boolean }): Promise<ExportJobView> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  checkImageExport(project.label_config, input.format);
  const payload: ExportJobPayload = { projectId, actor, format: input.format, includeImages: input.includeImages };
  const now = ctx.now();
  const jobId = await ctx.db.write(async (trx) => {
    const job = await enqueueJob(trx, EXPORT_JOB_KIND, payload, now);
    await trx
      .insertInto('export_files')
      .values({
        job_id: job.id,
        org_id: actor.orgId,
        project_id: projectId,
        format: input.format,
        include_images: input.includeImages ? 1 : 0,
        people_view: seesWorkerIdentities(actor) ? 'shown' : 'pseudonymised',
        file_path: null,
        file_name: null,
        size: null,
        created_by: actor.userId,
        created_at: now,
        expires_at: null,
      })
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'export.queued',
      entityType: 'job',
      entityId: job.id,
      data: { projectId, format: input.format, images: input.includeImages ? 'included' : 'left out' },
      at: now,
    });
    return job.id;
  });
  return getExportJob(ctx, actor, jobId);
}

async function loadExport(ctx: Context, actor: Actor, jobId: number) {
  const row = await ctx.db.reader
    .selectFrom('export_files as e')
    .innerJoin('jobs as j', 'j.id', 'e.job_id')
    .select([
      'e.job_id',
      'e.org_id',
      'e.project_id',
      'e.format',
      'e.include_images',
      'e.people_view',
      'e.file_path',
      'e.file_name',
      'e.size',
      'e.expires_at',
      'j.status',
      'j.progress',
      'j.result',
      'j.error',
      'j.created_at',
      'j.updated_at',
    ])
    .where('e.job_id', '=', jobId)
    .executeTakeFirst();
  if (!row || row.org_id !== actor.orgId) throw notFound('job', jobId);
  await loadVisibleProject(ctx, actor, row.project_id);
  return row;
}

type ExportRow = Awaited<ReturnType<typeof loadExport>>;

function toView(row: ExportRow, now: number): ExportJobView {
  const result = row.result === null ? null : (JSON.parse(row.result) as { progress?: { tasksDone?: number; tasksTotal?: number }; summary?: ImageExportSummary } | null);
  const live = row.status === 'running' ? liveJobProgress(row.job_id) : undefined;
  const detail = (live?.detail as { tasksDone?: number; tasksTotal?: number } | undefined) ?? result?.progress ?? {};
  const summary = result?.summary ?? null;
  const available = row.status === 'done' && row.file_name !== null && row.size !== null && row.expires_at !== null && row.expires_at > now;
  return {
    id: row.job_id,
    projectId: row.project_id,
    format: row.format as ImageExportFormat,
    includeImages: row.include_images === 1,
    status: row.status,
    progress: row.status === 'done' ? 1 : Math.max(row.progress, live?.fraction ?? 0),
    tasksDone: summary?.tasks ?? detail.tasksDone ?? 0,
    tasksTotal: summary?.tasks ?? detail.tasksTotal ?? null,
    summary,
    error: row.error,
    file: available ? { name: row.file_name!, size: row.size!, expiresAt: new Date(row.expires_at!).toISOString() } : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** A background export's status, progress (tasks read of the project's) and, when done, its file. */
export async function getExportJob(ctx: Context, actor: Actor, jobId: number): Promise<ExportJobView> {
  return toView(await loadExport(ctx, actor, jobId), ctx.now());
}

/** A project's background exports, newest first (the last 50). */
export async function listExportJobs(ctx: Context, actor: Actor, projectId: number): Promise<ExportJobView[]> {
  await loadVisibleProject(ctx, actor, projectId);
  const ids = await ctx.db.reader.selectFrom('export_files').select('job_id').where('project_id', '=', projectId).orderBy('job_id', 'desc').limit(50).execute();
  const views: ExportJobView[] = [];
  for (const { job_id } of ids) views.push(await getExportJob(ctx, actor, job_id));
  return views;
}

/**
 * Cancels a queued or running background export: the job becomes `cancelled` (audited `export.cancelled`, in one
 * transaction with the status), its partial file is deleted, and a runner working on it notices at its next
 * heartbeat (its signal is aborted), stops at the task it is on and deletes what it had written. A job that finished
 * (done, failed or cancelled) is a 409 naming its status. A run that completes between the cancel and its
 * heartbeat offers nothing: it no longer holds the job's lock (exportJobHandler).
 */
export async function cancelExportJob(ctx: Context, actor: Actor, jobId: number): Promise<ExportJobView> {
  const row = await loadExport(ctx, actor, jobId);
  const now = ctx.now();
  const cancelled = await ctx.db.write(async (trx) => {
    if (!(await cancelJob(trx, jobId, now))) return false;
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'export.cancelled',
      entityType: 'job',
      entityId: jobId,
      data: { projectId: row.project_id, format: row.format },
      at: now,
    });
    return true;
  });
  if (!cancelled) throw conflict('job_finished', `export ${jobId} is ${row.status}; only queued or running exports can be cancelled`, { status: row.status });
  fs.rmSync(partialPath(ctx.db, jobId), { force: true });
  return getExportJob(ctx, actor, jobId);
}

/** Where a running export writes its file until it is complete. */
function partialPath(db: Db, jobId: number): string {
  return path.join(exportFilesRoot(db), `${jobId}.partial`);
}

/**
 * Opens a finished export's file for download. A reader who may not see worker identities (a client) gets only
 * files made in that view; an expired file is gone (410) and deleted. The download is audited.
 */
export async function openExportFile(ctx: Context, actor: Actor, jobId: number): Promise<{ stream: Readable; fileName: string; size: number; contentType: string }> {
  const row = await loadExport(ctx, actor, jobId);
  if (row.status !== 'done') throw conflict('export_not_ready', `export ${jobId} is ${row.status}; its file can be downloaded once it is done`, { status: row.status });
  if (!seesWorkerIdentities(actor) && row.people_view !== 'pseudonymised') {
    throw forbidden('export_names_workers', `export ${jobId} was made for staff and may name workers; start an export of your own`);
  }
  const now = ctx.now();
  if (row.file_path === null || row.file_name === null || row.size === null || row.expires_at === null || row.expires_at <= now || !fs.existsSync(row.file_path)) {
    if (row.file_path !== null) removeExportFile(ctx.db, row.file_path);
    throw new DomainError('gone', 'export_expired', `the file of export ${jobId} was deleted (files are kept for ${EXPORT_FILE_TTL_MS / 86_400_000} days); start a new export`);
  }
  await ctx.db.write((trx) =>
    appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'export.downloaded',
      entityType: 'job',
      entityId: jobId,
      data: { projectId: row.project_id, format: row.format, size: row.size },
      at: now,
    }),
  );
  const { contentType } = imageExportFile(row.format as ImageExportFormat, row.include_images === 1);
  return { stream: fs.createReadStream(row.file_path), fileName: row.file_name, size: row.size, contentType };
}

/**
 * The job handler, given where image bytes come from. It writes the export to `<job id>.partial` under
 * exportFilesRoot, renames it to its final name when complete, then in one transaction (only while this runner
 * still holds the job) records the file, marks the job done and audits it: a file is offered only whole, and a
 * runner that lost the job offers nothing. A resumed job (after a crash or a stop) starts the file again from the
 * first task: the export reads one snapshot, which does not outlive its process. Expired files of the
 * organisation are deleted after each job.
 */
export function exportJobHandler(readImageFor: (ctx: Context, projectId: number) => ImageReader): JobHandler {
  return async (ctx, job) => {
    const p = job.payload as ExportJobPayload;
    const root = exportFilesRoot(ctx.db);
    fs.mkdirSync(root, { recursive: true });
    const { extension } = imageExportFile(p.format, p.includeImages);
    const fileName = `project-${p.projectId}-export-${job.id}.${extension}`;
    const finalPath = path.join(root, fileName);
    const partial = partialPath(ctx.db, job.id);
    let summary: ImageExportSummary | null = null;
    try {
      const chunks = exportImageProject(ctx, p.actor, p.projectId, p.format, {
        includeImages: p.includeImages,
        readImage: readImageFor(ctx, p.projectId),
        tempDir: root,
        signal: job.signal,
        onProgress: (done, total) => job.setProgress(total === 0 ? 0 : done / total, { tasksDone: done, tasksTotal: total }),
        onSummary: (s) => (summary = s),
      });
      await pipeline(Readable.from(chunks), fs.createWriteStream(partial, { flush: true }));
      fs.renameSync(partial, finalPath);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw error;
    }
    const size = fs.statSync(finalPath).size;
    const done = await ctx.db.write(async (trx) => {
      if (!(await holdsJobLock(trx, ctx.db.dialect, job))) return false;
      const now = ctx.now();
      await trx
        .updateTable('export_files')
        .set({ file_path: finalPath, file_name: fileName, size, expires_at: now + EXPORT_FILE_TTL_MS })
        .where('job_id', '=', job.id)
        .execute();
      await finishJob(trx, job, { summary }, now);
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: p.actor.orgId,
        actorId: p.actor.userId,
        action: 'export.done',
        entityType: 'job',
        entityId: job.id,
        data: { projectId: p.projectId, format: p.format, size, ...(summary ?? {}) },
        at: now,
      });
      return true;
    });
    if (!done) {
      fs.rmSync(finalPath, { force: true });
      throw new Error(`export job ${job.id} was taken over by another runner; its file is theirs to write`);
    }
    await removeExpiredExportFiles(ctx, p.actor.orgId).catch(() => undefined);
    return { summary };
  };
}

/** Deletes the files of the organisation's exports that expired (their rows stay, as the record of the export). */
export async function removeExpiredExportFiles(ctx: Context, orgId: number): Promise<number> {
  const expired = await ctx.db.reader
    .selectFrom('export_files')
    .select(['job_id', 'file_path'])
    .where('org_id', '=', orgId)
    .where('file_path', 'is not', null)
    .where('expires_at', '<=', ctx.now())
    .execute();
  for (const row of expired) {
    removeExportFile(ctx.db, row.file_path!);
    await ctx.db.write((trx) => trx.updateTable('export_files').set({ file_path: null }).where('job_id', '=', row.job_id).execute());
  }
  return expired.length;
}

/** Removes one export file; only files under the exports root are touched. */
function removeExportFile(db: Db, filePath: string): void {
  const resolved = path.resolve(filePath);
  if (resolved.startsWith(exportFilesRoot(db) + path.sep)) fs.rmSync(resolved, { force: true });
}
