import type { LabelConfig } from '@biaozhu/contract';
import type { JobRow } from './job-row.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { enqueueJob } from '../intake/job-runner.js';
import { loadVisibleProject } from '../projects/project-access.js';
import type { AggregationMethod, AggregationResult } from '../quality/aggregation-result.js';
import type { LabelData } from '../quality/label-data.js';
import { LabelEncoder } from '../quality/label-encoder.js';
import { AGGREGATION_METHODS, GOLD_ANCHORED, runMethod, type MethodRun } from '../quality/run-method.js';
import { choiceControls, goldLabels, labelsOf, resultOf } from './answer-labels.js';

export { AGGREGATION_METHODS };
export type AggregationChoice = AggregationMethod | 'auto';
export const AGGREGATION_JOB_KIND = 'quality.aggregate';

interface Payload {
  projectId: number;
  method: AggregationChoice;
  orgId: number;
  actorId: number;
}

export interface JobView {
  id: number;
  kind: string;
  status: string;
  progress: number;
  result: unknown;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toJobView(job: JobRow): JobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    result: job.result === null ? null : (JSON.parse(job.result) as unknown),
    error: job.error,
    createdAt: new Date(job.created_at).toISOString(),
    updatedAt: new Date(job.updated_at).toISOString(),
  };
}

/** Queues an aggregation of the project's answers by the chosen method, or `auto`; audited. Run it with runAggregationJob. */
export async function startAggregation(ctx: Context, actor: Actor, projectId: number, method: string): Promise<JobView> {
  await loadVisibleProject(ctx, actor, projectId);
  if (method !== 'auto' && !(AGGREGATION_METHODS as readonly string[]).includes(method)) {
    throw invalid('invalid_method', `method: one of auto, ${AGGREGATION_METHODS.join(', ')}; got "${method}"`, { field: 'method' });
  }
  const now = ctx.now();
  const payload: Payload = { projectId, method: method as AggregationChoice, orgId: actor.orgId, actorId: actor.userId };
  const job = await ctx.db.write(async (trx) => {
    const row = await enqueueJob(trx, AGGREGATION_JOB_KIND, payload, now);
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'aggregation.started',
      entityType: 'project',
      entityId: projectId,
      data: { jobId: row.id, method },
      at: now,
    });
    return row;
  });
  return toJobView(job);
}

/** A job of the caller's organisation (aggregation jobs carry their project). */
export async function getJob(ctx: Context, actor: Actor, jobId: number): Promise<JobView> {
  const job = await ctx.db.reader.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  if (!job) throw notFound('job', jobId);
  const payload = JSON.parse(job.payload) as Partial<Payload>;
  if (typeof payload.projectId !== 'number') throw notFound('job', jobId);
  await loadVisibleProject(ctx, actor, payload.projectId).catch(() => {
    throw notFound('job', jobId);
  });
  return toJobView(job);
}

const LOCK_MS = 10 * 60_000;

/**
 * Runs one queued aggregation job in this process: takes it with a conditional update (so two processes never
 * run it both), reads the answers, infers each task's answer per control, replaces the project's aggregates in one
 * transaction (adjudicated ones are kept) and records the outcome on the job.
 */
export async function runAggregationJob(ctx: Context, jobId: number, worker = `pid-${process.pid}`): Promise<JobView | undefined> {
  const now = ctx.now();
  const taken = await ctx.db.write((trx) =>
    trx
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_by: worker, locked_until: now + LOCK_MS, attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', jobId)
      .where('kind', '=', AGGREGATION_JOB_KIND)
      .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)])]))
      .returningAll()
      .executeTakeFirst(),
  );
  if (!taken) return undefined;
  const payload = JSON.parse(taken.payload) as Payload;
  try {
    const outcome = await aggregateProject(ctx, payload, jobId);
    const done = await ctx.db.write(async (trx) => {
      const row = await trx
        .updateTable('jobs')
        .set({ status: 'done', progress: 1, result: JSON.stringify(outcome), locked_until: null, updated_at: ctx.now() })
        .where('id', '=', jobId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: payload.orgId,
        actorId: payload.actorId,
        action: 'aggregation.done',
        entityType: 'project',
        entityId: payload.projectId,
        data: { jobId, method: outcome.method, tasks: outcome.tasks },
        at: ctx.now(),
      });
      return row;
    });
    return toJobView(done);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed = await ctx.db.write((trx) =>
      trx.updateTable('jobs').set({ status: 'failed', error: message, locked_until: null, updated_at: ctx.now() }).where('id', '=', jobId).returningAll().executeTakeFirstOrThrow(),
    );
    return toJobView(failed);
  }
}

/** Aggregation jobs left queued, or running with an expired lock (a process that died): run them again. */
export async function resumeAggregationJobs(ctx: Context): Promise<number[]> {
  const now = ctx.now();
  const jobs = await ctx.db.reader
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', AGGREGATION_JOB_KIND)
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)])]))
    .orderBy('id')
    .execute();
  const ran: number[] = [];
  for (const job of jobs) if (await runAggregationJob(ctx, job.id)) ran.push(job.id);
  return ran;
}

export interface AggregationOutcome {
  /** The method used (for `auto`, the one chosen). */
  method: AggregationMethod;
  requested: AggregationChoice;
  /** For `auto`: each method's accuracy on the gold tasks (their known answers held out of the inference); null without answered gold. */
  goldAccuracy: Partial<Record<AggregationMethod, number>> | null;
  goldTasks: number;
  tasks: number;
  seed: number;
  /** For DS with gold tasks, per control: whether anchoring on gold was kept and the held-out evidence. */
  goldAnchoring?: Array<{ control: string } & NonNullable<MethodRun['anchoring']>>;
}

interface ControlData {
  control: string;
  data: LabelData;
  taskIds: readonly string[];
  classIds: readonly string[];
  /** Per task index: the gold class index, or -1. */
  gold: Int32Array;
}

async function aggregateProject(ctx: Context, payload: Payload, jobId: number): Promise<AggregationOutcome> {
  const project = await ctx.db.reader.selectFrom('projects').select(['label_config']).where('id', '=', payload.projectId).executeTakeFirstOrThrow();
  const controls = choiceControls(JSON.parse(project.label_config) as LabelConfig);
  const tasks = await ctx.db.reader.selectFrom('tasks').select(['id', 'is_gold', 'gold_result']).where('project_id', '=', payload.projectId).execute();
  const goldOf = new Map(tasks.filter((t) => t.is_gold === 1).map((t) => [String(t.id), goldLabels(t.gold_result)]));
  const answers = await ctx.db.reader
    .selectFrom('annotations')
    .select(['id', 'task_id', 'user_id', 'imported_from', 'result'])
    .where('project_id', '=', payload.projectId)
    .orderBy('id')
    .execute();
  const parsed = answers.map((a) => ({
    worker: a.user_id !== null ? `u${a.user_id}` : `i${a.imported_from ?? a.id}`,
    task: String(a.task_id),
    labels: labelsOf(JSON.parse(a.result)),
  }));
  const perControl: ControlData[] = [];
  for (const control of controls) {
    const encoder = new LabelEncoder();
    for (const a of parsed) {
      const label = a.labels.get(control.name);
      if (label !== undefined) encoder.add(a.worker, a.task, label);
    }
    if (encoder.size === 0) continue;
    for (const g of goldOf.values()) {
      const label = g.get(control.name);
      if (label !== undefined) encoder.addClass(label);
    }
    const built = encoder.build();
    const classIndex = new Map(built.classIds.map((c, i) => [c, i]));
    const gold = new Int32Array(built.data.nTasks).fill(-1);
    built.taskIds.forEach((t, i) => {
      const label = goldOf.get(t)?.get(control.name);
      if (label !== undefined) gold[i] = classIndex.get(label) ?? -1;
    });
    perControl.push({ control: control.name, data: built.data, taskIds: built.taskIds, classIds: built.classIds, gold });
  }
  await setProgress(ctx, jobId, 0.2);

  const seed = jobId;
  let method: AggregationMethod;
  let goldAccuracy: AggregationOutcome['goldAccuracy'] = null;
  const goldTasks = new Set(perControl.flatMap((c) => c.taskIds.filter((_, i) => c.gold[i]! >= 0))).size;
  const results = new Map<AggregationMethod, AggregationResult[]>();
  if (payload.method === 'auto') {
    goldAccuracy = {};
    method = 'mv';
    let best = -1;
    for (const m of AGGREGATION_METHODS) {
      // scored on every gold task, so no gold is given to the fit
      const perMethod = perControl.map((c) => runMethod(m, c.data, { seed }).result);
      results.set(m, perMethod);
      let right = 0;
      let total = 0;
      perControl.forEach((c, k) => {
        const r = perMethod[k]!;
        for (let t = 0; t < c.gold.length; t++) {
          if (c.gold[t]! < 0 || r.answers[t]! < 0) continue;
          total++;
          if (r.answers[t] === c.gold[t]) right++;
        }
      });
      const accuracy = total === 0 ? 0 : right / total;
      goldAccuracy[m] = accuracy;
      // Strictly better only: on a tie the simpler method (earlier in the list) is kept.
      if (total > 0 && accuracy > best) {
        best = accuracy;
        method = m;
      }
    }
    // Without answered gold there is nothing to compare: report no accuracies, and majority vote is used.
    if (best < 0) goldAccuracy = null;
  } else {
    method = payload.method;
  }
  // The delivered answers: DS and one-coin DS now also learn from the gold tasks (DS only when that clearly answers
  // held-out gold better); the other methods' runs from the comparison are reused.
  const goldAnchoring: NonNullable<AggregationOutcome['goldAnchoring']> = [];
  const chosen = perControl.map((c, k) => {
    const hasGold = c.gold.some((g) => g >= 0);
    const earlier = results.get(method)?.[k];
    if (earlier && !(hasGold && GOLD_ANCHORED.has(method))) return earlier;
    const run = runMethod(method, c.data, { seed, gold: hasGold ? c.gold : undefined });
    if (run.anchoring) goldAnchoring.push({ control: c.control, ...run.anchoring });
    return run.result;
  });
  await setProgress(ctx, jobId, 0.7);

  // Per task: each control's label and confidence; the task's confidence is its least certain control's.
  const byTask = new Map<string, { labels: Map<string, string>; confidence: number }>();
  perControl.forEach((c, k) => {
    const r = chosen[k]!;
    c.taskIds.forEach((taskId, t) => {
      if (goldOf.has(taskId) || r.answers[t]! < 0) return;
      const entry = byTask.get(taskId) ?? { labels: new Map<string, string>(), confidence: 1 };
      entry.labels.set(c.control, c.classIds[r.answers[t]!]!);
      entry.confidence = Math.min(entry.confidence, r.confidence[t]!);
      byTask.set(taskId, entry);
    });
  });
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const adjudicated = new Set(
      (await trx.selectFrom('aggregates').select('task_id').where('project_id', '=', payload.projectId).where('method', '=', 'adjudicated').execute()).map((r) => String(r.task_id)),
    );
    await trx.deleteFrom('aggregates').where('project_id', '=', payload.projectId).where('method', '<>', 'adjudicated').execute();
    const rows = [...byTask.entries()]
      .filter(([taskId]) => !adjudicated.has(taskId))
      .map(([taskId, e]) => ({
        task_id: Number(taskId),
        project_id: payload.projectId,
        result: JSON.stringify(resultOf(e.labels, controls)),
        labels: JSON.stringify(Object.fromEntries([...e.labels.entries()].map(([k, v]) => [k, JSON.parse(v) as string[]]))),
        confidence: e.confidence,
        method,
        job_id: jobId,
        decided_by: null,
        updated_at: now,
      }));
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('aggregates').values(rows.slice(i, i + 500)).execute();
  });
  return { method, requested: payload.method, goldAccuracy, goldTasks, tasks: byTask.size, seed, ...(goldAnchoring.length > 0 ? { goldAnchoring } : {}) };
}

async function setProgress(ctx: Context, jobId: number, progress: number): Promise<void> {
  await ctx.db.write((trx) => trx.updateTable('jobs').set({ progress, updated_at: ctx.now() }).where('id', '=', jobId).execute());
}
