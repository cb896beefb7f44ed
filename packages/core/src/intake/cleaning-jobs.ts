import fs from 'node:fs';
import type { CleaningJobView, CleaningReportView, PipelineConfig, StoredCleaningReport } from '@biaozhu/contract';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import { parsePipelineConfig, PipelineConfigError } from '../cleaning/config.js';
import type { Actor, Context } from '../context.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import type { FileImportFormat } from '../imports/index.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { checkFieldLength, checkSource, type SourceInput } from '../tasks/import-source.js';
import { parseFieldMap, type FieldMap } from '../tasks/data-keys.js';
import { loadIntakeSettings } from './intake-settings.js';
import { cancelJob } from '../jobs/cancel-job.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { liveJobProgress } from '../jobs/job-runner.js';
import { enforceSourceRequirement } from './provenance.js';
import { removeSpoolDir } from './spool.js';

export const CLEANING_JOB_KIND = 'intake.clean';

/** Everything a cleaning job needs to run (and resume), stored as the job's payload. */
export interface CleaningJobPayload {
  projectId: number;
  actor: Actor;
  /** The job's spool folder (upload, cleaned output, report). */
  dir: string;
  uploadPath: string;
  fileName: string;
  format?: FileImportFormat;
  skipBadLines: boolean;
  externalIdField?: string;
  /**
   * Which column fills which data key the config shows (`{text: "review"}`), applied to each record as it is read,
   * before the pipeline (whose `textField` then finds the mapped column) and so before the import checks the keys.
   */
  fieldMap?: FieldMap;
  source: SourceInput;
  /** The pipeline config as validated at upload (defaults filled in). */
  pipeline: PipelineConfig;
  /** The project's originals policy when the job was queued. */
  keepOriginal: boolean;
  originalKey: string;
}

export interface QueueCleaningJobInput {
  dir: string;
  uploadPath: string;
  fileName: string;
  format?: FileImportFormat;
  skipBadLines?: boolean;
  externalIdField?: string;
  /** A column mapping as the manager gave it (an object or its JSON); checked here, a 400 names what is wrong. */
  fieldMap?: unknown;
  source: SourceInput;
  pipeline: unknown;
}

/**
 * Queues a cleaning job for an upload already spooled to `input.dir`: the pipeline config and the source record are
 * checked now (a 400 names the bad field), so a job never starts with input that cannot succeed. The job row, the
 * intake row and the audit event are written in one transaction.
 */
export async function queueCleaningJob(ctx: Context, actor: Actor, projectId: number, input: QueueCleaningJobInput): Promise<CleaningJobView> {
  await loadVisibleProject(ctx, actor, projectId);
  let pipeline;
  try {
    pipeline = parsePipelineConfig(input.pipeline);
  } catch (error) {
    if (error instanceof PipelineConfigError) {
      throw invalid('invalid_pipeline', `pipeline.${error.issues[0] ?? ''}`, { field: 'pipeline', issues: error.issues });
    }
    throw error;
  }
  const fieldMap = parseFieldMap(input.fieldMap);
  // the same checks as a direct import: a source name, a legal basis for personal information, no field over its limit
  const source = checkSource(input.source);
  checkFieldLength('fileName', input.fileName);
  checkFieldLength('externalIdField', input.externalIdField);
  await enforceSourceRequirement(ctx.db.reader, projectId, input.source);
  const settings = await loadIntakeSettings(ctx.db.reader, projectId);
  const bytesTotal = fs.statSync(input.uploadPath).size;
  const payload: CleaningJobPayload = {
    projectId,
    actor,
    dir: input.dir,
    uploadPath: input.uploadPath,
    fileName: input.fileName,
    ...(input.format ? { format: input.format } : {}),
    skipBadLines: input.skipBadLines ?? false,
    ...(input.externalIdField ? { externalIdField: input.externalIdField } : {}),
    ...(fieldMap ? { fieldMap } : {}),
    source,
    pipeline,
    keepOriginal: settings.keepOriginal,
    originalKey: settings.originalKey,
  };
  const now = ctx.now();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const job = await enqueueJob(trx, CLEANING_JOB_KIND, payload, now);
    await trx
      .insertInto('intake_jobs')
      .values({ job_id: job.id, org_id: actor.orgId, project_id: projectId, file_name: payload.fileName, bytes_total: bytesTotal, report: null, created_by: actor.userId, created_at: now })
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'intake.clean_queued',
      entityType: 'job',
      entityId: job.id,
      data: { projectId, fileName: payload.fileName, bytes: bytesTotal, steps: pipeline.steps.map((s) => s.step), source: source.name },
      at: now,
    });
    return job.id;
  });
  return getCleaningJob(ctx, actor, id);
}

async function loadJob(ctx: Context, actor: Actor, jobId: number) {
  const row = await ctx.db.reader
    .selectFrom('jobs')
    .innerJoin('intake_jobs', 'intake_jobs.job_id', 'jobs.id')
    .select([
      'jobs.id',
      'jobs.status',
      'jobs.progress',
      'jobs.result',
      'jobs.error',
      'jobs.attempts',
      'jobs.payload',
      'jobs.created_at',
      'jobs.updated_at',
      'intake_jobs.org_id',
      'intake_jobs.project_id',
      'intake_jobs.file_name',
      'intake_jobs.bytes_total',
      'intake_jobs.report',
    ])
    .where('jobs.id', '=', jobId)
    .executeTakeFirst();
  if (!row || row.org_id !== actor.orgId) throw notFound('job', jobId);
  await loadVisibleProject(ctx, actor, row.project_id);
  return row;
}

function toView(row: Awaited<ReturnType<typeof loadJob>>): CleaningJobView {
  const result = parseJson(row.result) as { progress?: Record<string, unknown>; importId?: number; tasksCreated?: number; code?: string; details?: Record<string, unknown> } | null;
  const live = row.status === 'running' ? liveJobProgress(row.id) : undefined;
  const detail = (live?.detail && Object.keys(live.detail).length > 0 ? live.detail : result?.progress) ?? {};
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const cleaned = row.report ? (parseJson(row.report) as { input?: number; output?: number; badLines?: number } | null) : null;
  return {
    id: row.id,
    projectId: row.project_id,
    fileName: row.file_name,
    status: row.status,
    progress: row.status === 'done' ? 1 : Math.max(row.progress, live?.fraction ?? 0),
    phase: row.status === 'done' ? 'done' : typeof detail.phase === 'string' ? detail.phase : null,
    bytesTotal: row.bytes_total,
    bytesRead: row.status === 'done' ? row.bytes_total : num(detail.bytesRead),
    recordsIn: cleaned ? num(cleaned.input) + num(cleaned.badLines) : num(detail.recordsIn),
    recordsOut: cleaned ? num(cleaned.output) : num(detail.recordsOut),
    importId: result?.importId ?? null,
    tasksCreated: result?.tasksCreated ?? null,
    attempts: row.attempts,
    error: row.error,
    errorCode: row.error !== null && typeof result?.code === 'string' ? result.code : null,
    errorDetails: row.error !== null && result?.details ? result.details : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** A cleaning job's status and progress (bytes and records). */
export async function getCleaningJob(ctx: Context, actor: Actor, jobId: number): Promise<CleaningJobView> {
  return toView(await loadJob(ctx, actor, jobId));
}

/** A project's cleaning jobs, newest first. */
export async function listCleaningJobs(ctx: Context, actor: Actor, projectId: number): Promise<CleaningJobView[]> {
  await loadVisibleProject(ctx, actor, projectId);
  const ids = await ctx.db.reader
    .selectFrom('intake_jobs')
    .select('job_id')
    .where('project_id', '=', projectId)
    .orderBy('job_id', 'desc')
    .limit(100)
    .execute();
  const out: CleaningJobView[] = [];
  for (const { job_id } of ids) out.push(await getCleaningJob(ctx, actor, job_id));
  return out;
}

/**
 * Cancels a queued or running cleaning job. A running job notices at its next heartbeat and stops; nothing of it is
 * imported (the import commits only while the job is still `running`). The spooled upload is deleted.
 */
export async function cancelCleaningJob(ctx: Context, actor: Actor, jobId: number): Promise<CleaningJobView> {
  const row = await loadJob(ctx, actor, jobId);
  const now = ctx.now();
  const cancelled = await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await cancelJob(trx, jobId, now))) return false;
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'intake.clean_cancelled',
      entityType: 'job',
      entityId: jobId,
      data: { projectId: row.project_id },
      at: now,
    });
    return true;
  });
  if (!cancelled) throw conflict('job_finished', `job ${jobId} is ${row.status}; only queued or running jobs can be cancelled`, { status: row.status });
  const payload = parseJson(row.payload) as Partial<CleaningJobPayload> | null;
  if (payload?.dir) removeSpoolDir(ctx.db, payload.dir);
  return getCleaningJob(ctx, actor, jobId);
}

/** The report a cleaning job stores (the run-cleaning-job phase writes it); its shape is in the contract. */
export type { StoredCleaningReport };

/**
 * A cleaning job's report: the one stored with its import once it finished, or the report of the cleaning phase
 * when the import itself failed.
 */
export async function getCleaningReport(ctx: Context, actor: Actor, jobId: number): Promise<CleaningReportView> {
  const row = await loadJob(ctx, actor, jobId);
  const stored = await ctx.db.reader.selectFrom('cleaning_reports').selectAll().where('job_id', '=', jobId).executeTakeFirst();
  if (stored) {
    return {
      jobId,
      projectId: row.project_id,
      importId: stored.import_id,
      fileName: stored.file_name,
      status: row.status,
      pipeline: JSON.parse(stored.pipeline) as PipelineConfig,
      report: JSON.parse(stored.report) as StoredCleaningReport,
    };
  }
  const report = row.report ? (JSON.parse(row.report) as StoredCleaningReport) : undefined;
  if (!report) throw new DomainError('not_found', 'report_not_ready', `job ${jobId} has no report yet (${row.status})`);
  const payload = parseJson(row.payload) as Partial<CleaningJobPayload> | null;
  return { jobId, projectId: row.project_id, importId: null, fileName: row.file_name, status: row.status, pipeline: payload?.pipeline ?? null, report };
}

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
