import type { LabelConfig, PredictionJobView } from '@biaozhu/contract';
import { sql, type Database, type Kysely, type Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, DomainError, forbidden, invalid } from '../errors.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { finishJob } from '../jobs/finish-job.js';
import { holdsJobLock } from '../jobs/job-lock.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { configToLabelStudioXml } from '../projects/label-studio-xml.js';
import { checkPrediction } from './check-prediction.js';
import { checkBackendInput, saveBackendSettings, type MlBackendInput } from './ml-backend-settings.js';
import { MlBackendClient } from './ml-client.js';
import { protocolProjectId, type ProtocolTask } from './ml-protocol.js';

export const PREDICTION_JOB_KIND = 'ml.predict';

/** The model version stored for a backend that names none (backend predictions are unique per task and version). */
export const UNVERSIONED = 'unversioned';

export type PredictionMode = 'missing' | 'all';

/** A prediction job's payload: whom it acts for and the backend it calls (replaced when a failed job is resumed). */
interface Payload {
  projectId: number;
  orgId: number;
  actorId: number;
  url: string;
  batchSize: number;
  timeoutMs: number;
  /** Retry settings of the client; absent means its defaults (tests shorten them). */
  retries?: number;
  retryDelayMs?: number;
}

export interface StartPredictionInput {
  /** `missing` (default): tasks without a prediction of the backend's model version; `all`: every task again. */
  mode?: PredictionMode;
  /** Backend settings to use and save (the CLI's flags); else the project's saved ones. */
  backend?: MlBackendInput;
  retries?: number;
  retryDelayMs?: number;
}

export interface StartedPrediction {
  job: PredictionJobView;
  /** True when an unfinished (or failed) job of the project was taken up again instead of starting a new one. */
  resumed: boolean;
}

function requireManager(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw forbidden('forbidden', 'only managers and admins run ML backends');
}

/**
 * Starts pre-annotation of a project's tasks by its ML backend, as a background job (PREDICTION_JOB_KIND). A project
 * runs one such job at a time: while its latest one is queued or running, that one is returned; a failed one is
 * queued again and continues after its last stored batch (with the backend settings of now, so a fixed URL or a
 * longer timeout takes effect); otherwise a new job starts. Audited.
 */
export async function startPrediction(ctx: Context, actor: Actor, projectId: number, input: StartPredictionInput = {}): Promise<StartedPrediction> {
  requireManager(actor);
  await loadVisibleProject(ctx, actor, projectId);
  const mode = input.mode ?? 'missing';
  if (mode !== 'missing' && mode !== 'all') throw invalid('invalid_mode', `mode: missing or all, got "${String(mode)}"`, { field: 'mode' });
  const given = input.backend ? checkBackendInput(input.backend) : undefined;
  const now = ctx.now();
  const outcome = await ctx.db.write(async (trx) => {
    if (given) await saveBackendSettings(trx, actor, projectId, given, now);
    const settings = await trx.selectFrom('project_ml_backends').selectAll().where('project_id', '=', projectId).executeTakeFirst();
    if (!settings) throw invalid('ml_backend_not_set', 'this project has no ML backend; connect one in the project settings (or pass --backend URL)', { field: 'url' });
    const payload: Payload = {
      projectId,
      orgId: actor.orgId,
      actorId: actor.userId,
      url: settings.url,
      batchSize: settings.batch_size,
      timeoutMs: settings.timeout_ms,
      ...(input.retries !== undefined ? { retries: input.retries } : {}),
      ...(input.retryDelayMs !== undefined ? { retryDelayMs: input.retryDelayMs } : {}),
    };
    const last = settings.last_job_id === null ? undefined : await trx.selectFrom('jobs').select(['id', 'status']).where('id', '=', settings.last_job_id).executeTakeFirst();
    if (last && (last.status === 'queued' || last.status === 'running')) return { jobId: last.id, resumed: true };
    if (last && last.status === 'failed') {
      await trx
        .updateTable('jobs')
        .set({ status: 'queued', attempts: 0, error: null, run_after: now, locked_by: null, locked_until: null, payload: JSON.stringify(payload), updated_at: now })
        .where('id', '=', last.id)
        .where('status', '=', 'failed')
        .execute();
      await audit(trx, ctx, actor, projectId, 'ml_predict.resumed', { jobId: last.id, url: payload.url }, now);
      return { jobId: last.id, resumed: true };
    }
    const job = await enqueueJob(trx, PREDICTION_JOB_KIND, payload, now);
    await trx
      .insertInto('ml_prediction_runs')
      .values({ job_id: job.id, project_id: projectId, mode, model_version: null, after_task_id: 0, total: 0, done: 0, written: 0, batches: 0, created_by: actor.userId, created_at: now, updated_at: now })
      .execute();
    await trx.updateTable('project_ml_backends').set({ last_job_id: job.id }).where('project_id', '=', projectId).execute();
    await audit(trx, ctx, actor, projectId, 'ml_predict.started', { jobId: job.id, url: payload.url, mode, batchSize: payload.batchSize }, now);
    return { jobId: job.id, resumed: false };
  });
  return { job: await loadJobView(ctx.db.reader, outcome.jobId), resumed: outcome.resumed };
}

async function audit(trx: Transaction<Database>, ctx: Context, actor: { orgId: number; userId: number }, projectId: number, action: string, data: Record<string, unknown>, at: number) {
  await appendAuditEvent(trx, ctx.db.dialect, { orgId: actor.orgId, actorId: actor.userId, action, entityType: 'project', entityId: projectId, data, at });
}

/** The project's latest prediction job, or null when it never ran one. */
export async function latestPredictionJob(ctx: Context, actor: Actor, projectId: number): Promise<PredictionJobView | null> {
  requireManager(actor);
  await loadVisibleProject(ctx, actor, projectId);
  const row = await ctx.db.reader.selectFrom('project_ml_backends').select('last_job_id').where('project_id', '=', projectId).executeTakeFirst();
  return row?.last_job_id ? loadJobView(ctx.db.reader, row.last_job_id) : null;
}

export async function loadJobView(db: Kysely<Database>, jobId: number): Promise<PredictionJobView> {
  const row = await db
    .selectFrom('jobs')
    .innerJoin('ml_prediction_runs', 'ml_prediction_runs.job_id', 'jobs.id')
    .select([
      'jobs.id',
      'jobs.status',
      'jobs.error',
      'jobs.result',
      'jobs.created_at',
      'jobs.updated_at',
      'ml_prediction_runs.mode',
      'ml_prediction_runs.model_version',
      'ml_prediction_runs.done',
      'ml_prediction_runs.total',
      'ml_prediction_runs.written',
      'ml_prediction_runs.batches',
    ])
    .where('jobs.id', '=', jobId)
    .executeTakeFirstOrThrow();
  const result = row.result ? (JSON.parse(row.result) as { code?: unknown; details?: unknown }) : null;
  const failed = row.error !== null;
  return {
    id: row.id,
    status: row.status,
    mode: row.mode,
    modelVersion: row.model_version,
    done: row.done,
    total: row.total,
    written: row.written,
    batches: row.batches,
    error: row.error,
    errorCode: failed && typeof result?.code === 'string' ? result.code : null,
    errorDetails: failed && result?.details && typeof result.details === 'object' ? (result.details as Record<string, unknown>) : null,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

/**
 * The job handler. Asks the backend's `/setup` for its model version, then sends the project's tasks (gold tasks
 * aside: a prediction would give their answer away) in batches by id, after the run's cursor; in `missing` mode only
 * tasks without a backend prediction of that version. Each batch's predictions are checked against the config
 * (check-prediction.ts) and written with the cursor and counts in one transaction, only while this runner holds the
 * job: a crash, a stop or a failure leaves whole batches only, and the next run continues after the last one. A
 * task's earlier backend prediction of the same version is replaced, never doubled. The backend down, too slow, or
 * answering the wrong number of results fails the job with an error naming the batch and what was expected.
 */
export const runPredictionJob: JobHandler = async (ctx, job) => {
  const p = job.payload as Payload;
  const project = await ctx.db.reader.selectFrom('projects').select(['id', 'label_config', 'created_at']).where('id', '=', p.projectId).executeTakeFirstOrThrow();
  const config = JSON.parse(project.label_config) as LabelConfig;
  const xml = configToLabelStudioXml(config);
  const protocolProject = protocolProjectId({ id: project.id, created_at: Number(project.created_at) });
  const client = new MlBackendClient({ url: p.url, timeoutMs: p.timeoutMs, signal: job.signal, ...(p.retries !== undefined ? { retries: p.retries } : {}), ...(p.retryDelayMs !== undefined ? { retryDelayMs: p.retryDelayMs } : {}) });
  const run = await ctx.db.reader.selectFrom('ml_prediction_runs').selectAll().where('job_id', '=', job.id).executeTakeFirstOrThrow();
  const setupVersion = (await client.setup(xml, protocolProject)).modelVersion ?? UNVERSIONED;
  const state = { after: Number(run.after_task_id), done: run.done, written: run.written, batches: run.batches };
  const remaining = await pendingTasks(ctx.db.reader, p.projectId, run.mode, setupVersion, state.after).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const total = state.done + Number(remaining.n);
  await ctx.db.write(async (trx) => {
    await trx.updateTable('ml_prediction_runs').set({ total, model_version: setupVersion, updated_at: ctx.now() }).where('job_id', '=', job.id).execute();
  });
  const report = () => job.setProgress(total === 0 ? 1 : state.done / total, { done: state.done, total, written: state.written, batches: state.batches });
  report();
  for (;;) {
    if (job.signal.aborted) throw new DomainError('conflict', 'job_interrupted', `job ${job.id} was interrupted (${String(job.signal.reason)})`);
    const tasks = await pendingTasks(ctx.db.reader, p.projectId, run.mode, setupVersion, state.after).select(['tasks.id', 'tasks.data']).orderBy('tasks.id').limit(p.batchSize).execute();
    if (tasks.length === 0) break;
    const batch = state.batches + 1;
    const sent: ProtocolTask[] = tasks.map((t) => ({ id: t.id, data: JSON.parse(t.data) as Record<string, unknown> }));
    const where = { batch, firstTaskId: sent[0]!.id, lastTaskId: sent[sent.length - 1]!.id, tasks: sent.length };
    let answered;
    try {
      answered = await client.predict(sent, xml, protocolProject);
    } catch (error) {
      throw inBatch(error, where);
    }
    const rows = answered.flatMap((prediction, i) => {
      const task = sent[i]!;
      if (prediction.result.length === 0) return [];
      const checked = checkPrediction(config, prediction.result, task.data);
      if (!checked.ok) {
        throw conflict('ml_prediction_invalid', `batch ${batch} (tasks ${where.firstTaskId}-${where.lastTaskId}): the prediction for task ${task.id} does not fit the label config: ${checked.problem.message}`, {
          ...where,
          taskId: task.id,
          issue: checked.problem.code,
        });
      }
      return [{ task_id: task.id, model_version: prediction.modelVersion ?? setupVersion, score: prediction.score, result: JSON.stringify(checked.result) }];
    });
    const last = sent[sent.length - 1]!.id;
    await ctx.db.write(async (trx) => {
      if (!(await holdsJobLock(trx, ctx.db.dialect, job))) throw conflict('job_not_running', `job ${job.id} was cancelled or taken over; batch ${batch} is not stored`);
      const now = ctx.now();
      // Tasks deleted while the backend was thinking get no prediction.
      const alive = new Set((await trx.selectFrom('tasks').select('id').where('id', 'in', sent.map((t) => t.id)).execute()).map((t) => t.id));
      const kept = rows.filter((r) => alive.has(r.task_id));
      for (const version of new Set(kept.map((r) => r.model_version))) {
        const ids = kept.filter((r) => r.model_version === version).map((r) => r.task_id);
        await trx.deleteFrom('predictions').where('from_backend', '=', 1).where('model_version', '=', version).where('task_id', 'in', ids).execute();
      }
      if (kept.length > 0) await trx.insertInto('predictions').values(kept.map((r) => ({ ...r, from_backend: 1, created_at: now }))).execute();
      await trx
        .updateTable('ml_prediction_runs')
        .set((eb) => ({ after_task_id: last, done: eb('done', '+', sent.length), written: eb('written', '+', kept.length), batches: eb('batches', '+', 1), updated_at: now }))
        .where('job_id', '=', job.id)
        .execute();
      if (kept.length > 0) {
        await trx
          .updateTable('project_ml_backends')
          .set((eb) => ({ predictions_written: eb('predictions_written', '+', kept.length) }))
          .where('project_id', '=', p.projectId)
          .execute();
      }
      state.written += kept.length;
    });
    state.after = last;
    state.done += sent.length;
    state.batches = batch;
    report();
  }
  const outcome = { done: state.done, total, written: state.written, batches: state.batches, modelVersion: setupVersion };
  const finished = await ctx.db.write(async (trx) => {
    if (!(await finishJob(trx, job, outcome, ctx.now()))) return false;
    await audit(trx, ctx, { orgId: p.orgId, userId: p.actorId }, p.projectId, 'ml_predict.done', { jobId: job.id, ...outcome }, ctx.now());
    return true;
  });
  if (!finished) throw conflict('job_not_running', `job ${job.id} was cancelled or taken over before it finished`);
  return outcome;
};

/** Tasks still to predict after the cursor: not gold; in `missing` mode without a backend prediction of `version`. */
function pendingTasks(db: Kysely<Database>, projectId: number, mode: PredictionMode, version: string, after: number) {
  let query = db.selectFrom('tasks').where('tasks.project_id', '=', projectId).where('tasks.is_gold', '=', 0).where('tasks.id', '>', after);
  if (mode === 'missing') {
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('predictions')
            .select(sql<number>`1`.as('one'))
            .whereRef('predictions.task_id', '=', 'tasks.id')
            .where('predictions.from_backend', '=', 1)
            .where('predictions.model_version', '=', version),
        ),
      ),
    );
  }
  return query;
}

/** A backend failure with the batch it happened in, at the front of the message and in the details. */
function inBatch(error: unknown, where: { batch: number; firstTaskId: number; lastTaskId: number; tasks: number }): unknown {
  if (!(error instanceof DomainError) || error.code === 'ml_backend_aborted') return error;
  return new DomainError(error.kind, error.code, `batch ${where.batch} (tasks ${where.firstTaskId}-${where.lastTaskId}, ${where.tasks} tasks): ${error.message}`, { ...error.details, ...where });
}

/** True once a prediction job will not run again by itself (done, failed or cancelled). */
export function isPredictionJobOver(view: PredictionJobView): boolean {
  return view.status !== 'queued' && view.status !== 'running';
}
