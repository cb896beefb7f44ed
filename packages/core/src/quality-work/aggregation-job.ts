import type { LabelConfig } from '@biaozhu/contract';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { finishJob } from '../jobs/finish-job.js';
import type { JobHandler, RunningJob } from '../jobs/job-runner.js';
import { toJobView, type JobView } from '../jobs/job-view.js';
import { loadVisibleProject } from '../projects/project-access.js';
import type { AggregationMethod, AggregationResult } from '../quality/aggregation-result.js';
import type { LabelData } from '../quality/label-data.js';
import { LabelEncoder } from '../quality/label-encoder.js';
import { AGGREGATION_METHODS, GOLD_ANCHORED, runMethod, type MethodRun } from '../quality/run-method.js';
import { adjudicatedTasks, dropStaleGenerations, lostJob, publishGeneration, stageGeneration, type ComputedAggregate } from './aggregate-generations.js';
import { choiceControls, goldLabels, labelsOf, resultOf } from './answer-labels.js';
import { aggregatedControls, DEFAULT_AGGREGATION_OPTIONS, type ControlAggregate, type ControlAggregationOptions, type ControlRunSummary } from './control-aggregators.js';
import { answerWorker, loadControlAnswers } from './control-answers.js';

export { AGGREGATION_METHODS };
export type AggregationChoice = AggregationMethod | 'auto';
export const AGGREGATION_JOB_KIND = 'quality.aggregate';

interface Payload {
  projectId: number;
  method: AggregationChoice;
  orgId: number;
  actorId: number;
  /** For span controls; absent in jobs queued before spans were aggregated (then exact). */
  spanMatch?: ControlAggregationOptions['spanMatch'];
}

/** What a run may choose besides the method of choices controls. */
export interface AggregationParams {
  /** How spans are matched across annotators: `exact` (default) or `overlap` (token IoU >= threshold, default 0.5). */
  spanMatch?: 'exact' | 'overlap';
  spanThreshold?: number;
}

function spanMatchOf(params: AggregationParams): ControlAggregationOptions['spanMatch'] {
  const mode = params.spanMatch ?? 'exact';
  if (mode !== 'exact' && mode !== 'overlap') throw invalid('invalid_span_match', `spanMatch: one of exact, overlap; got "${String(mode)}"`, { field: 'spanMatch' });
  if (params.spanThreshold !== undefined && !(params.spanThreshold > 0 && params.spanThreshold <= 1)) {
    throw invalid('invalid_span_threshold', `spanThreshold: a token IoU above 0 and at most 1; got ${params.spanThreshold}`, { field: 'spanThreshold' });
  }
  return mode === 'exact' ? { mode } : { mode, threshold: params.spanThreshold ?? 0.5 };
}

/**
 * Queues an aggregation of the project's answers by the chosen method (choices controls), or `auto`; span, rating,
 * pairwise and ranking controls are aggregated by their own kind (control-aggregators.ts), spans matched as
 * `params.spanMatch` says. Audited. A job runner with `runAggregationJob` as the handler of AGGREGATION_JOB_KIND runs
 * it (the server's, woken by the route).
 */
export async function startAggregation(ctx: Context, actor: Actor, projectId: number, method: string, params: AggregationParams = {}): Promise<JobView> {
  await loadVisibleProject(ctx, actor, projectId);
  if (method !== 'auto' && !(AGGREGATION_METHODS as readonly string[]).includes(method)) {
    throw invalid('invalid_method', `method: one of auto, ${AGGREGATION_METHODS.join(', ')}; got "${method}"`, { field: 'method' });
  }
  const spanMatch = spanMatchOf(params);
  const now = ctx.now();
  const payload: Payload = { projectId, method: method as AggregationChoice, orgId: actor.orgId, actorId: actor.userId, spanMatch };
  const job = await ctx.db.write(async (trx) => {
    const row = await enqueueJob(trx, AGGREGATION_JOB_KIND, payload, now);
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'aggregation.started',
      entityType: 'project',
      entityId: projectId,
      data: { jobId: row.id, method, spanMatch },
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

/**
 * The job handler: reads the answers, infers each task's answer per control, writes them as a new generation of the
 * project's aggregates in small batches (adjudicated ones are kept), then publishes that generation, marks the job
 * done and audits it in one transaction, only while this runner still holds the job: a runner that lost its lock
 * publishes nothing and the job's outcome is the one of the runner that took it over. Rerunning after a crash
 * repeats the whole job into a new generation: safe. Generations nobody can read any more are deleted afterwards.
 */
export const runAggregationJob: JobHandler = async (ctx, job) => {
  const payload = job.payload as Payload;
  try {
    const { outcome, aggregates } = await aggregateProject(ctx, payload, job);
    const generation = await stageGeneration(ctx, job, payload.projectId, aggregates, (written) =>
      job.setProgress(0.7 + (0.3 * written) / Math.max(1, outcome.tasks)),
    );
    const published = await ctx.db.write(async (trx) => {
      const now = ctx.now();
      if (!(await finishJob(trx, job, outcome, now))) return false;
      await publishGeneration(trx, ctx.db.dialect, payload.projectId, generation, now);
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: payload.orgId,
        actorId: payload.actorId,
        action: 'aggregation.done',
        entityType: 'project',
        entityId: payload.projectId,
        data: { jobId: job.id, method: outcome.method, tasks: outcome.tasks },
        at: now,
      });
      return true;
    });
    if (!published) throw lostJob(job);
    return outcome;
  } finally {
    // Best effort: whatever is left (a failure here, a crash) is deleted by the project's next run.
    await dropStaleGenerations(ctx, payload.projectId).catch(() => undefined);
  }
};

/**
 * Gives the event loop a turn between CPU-bound fits, so the runner's heartbeat keeps the job's lock, and stops when
 * the job was cancelled, taken over or its runner stopped.
 */
async function checkpoint(job: RunningJob): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (job.signal.aborted) throw new Error(`aggregation interrupted (${String(job.signal.reason)})`);
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
  /** The span, rating, pairwise and ranking controls: how each was combined, over how many tasks. */
  otherControls?: ControlRunSummary[];
}

interface ControlData {
  control: string;
  data: LabelData;
  taskIds: readonly string[];
  classIds: readonly string[];
  /** Per task index: the gold class index, or -1. */
  gold: Int32Array;
}

/** Answers read per query. */
const ANSWER_PAGE = 5000;

/** Infers the project's answers; `aggregates` yields the rows to store, built one at a time as they are written. */
async function aggregateProject(ctx: Context, payload: Payload, job: RunningJob): Promise<{ outcome: AggregationOutcome; aggregates: Iterable<ComputedAggregate> }> {
  const project = await ctx.db.reader.selectFrom('projects').select(['label_config']).where('id', '=', payload.projectId).executeTakeFirstOrThrow();
  const config = JSON.parse(project.label_config) as LabelConfig;
  const controls = choiceControls(config);
  const goldTasksRows = await ctx.db.reader
    .selectFrom('tasks')
    .select(['id', 'gold_result'])
    .where('project_id', '=', payload.projectId)
    .where('is_gold', '=', 1)
    .execute();
  const goldOf = new Map(goldTasksRows.map((t) => [String(t.id), goldLabels(t.gold_result)]));
  // Answers are read in pages by id and encoded at once, so memory holds the encoded labels (a few integers per
  // answer), not every answer's JSON.
  const encoders = controls.map(() => new LabelEncoder());
  let after = 0;
  for (;;) {
    const page = await ctx.db.reader
      .selectFrom('annotations')
      .select(['id', 'task_id', 'user_id', 'imported_from', 'result'])
      .where('project_id', '=', payload.projectId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(ANSWER_PAGE)
      .execute();
    for (const a of page) {
      const worker = answerWorker(a);
      const labels = labelsOf(JSON.parse(a.result));
      controls.forEach((control, k) => {
        const label = labels.get(control.name);
        if (label !== undefined) encoders[k]!.add(worker, String(a.task_id), label);
      });
    }
    if (page.length < ANSWER_PAGE) break;
    after = page[page.length - 1]!.id;
    await checkpoint(job);
  }
  const perControl: ControlData[] = [];
  controls.forEach((control, k) => {
    const encoder = encoders[k]!;
    if (encoder.size === 0) return;
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
  });
  job.setProgress(0.2);

  const seed = job.id;
  let method: AggregationMethod;
  let goldAccuracy: AggregationOutcome['goldAccuracy'] = null;
  const goldTasks = new Set(perControl.flatMap((c) => c.taskIds.filter((_, i) => c.gold[i]! >= 0))).size;
  const results = new Map<AggregationMethod, AggregationResult[]>();
  if (payload.method === 'auto') {
    goldAccuracy = {};
    method = 'mv';
    let best = -1;
    for (const m of AGGREGATION_METHODS) {
      await checkpoint(job);
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
  job.setProgress(0.7);
  await checkpoint(job);

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
  // The other controls, each by its own kind; their answers are read once more, kept parsed per control.
  const others = aggregatedControls(config);
  const options: ControlAggregationOptions = { ...DEFAULT_AGGREGATION_OPTIONS, ...(payload.spanMatch ? { spanMatch: payload.spanMatch } : {}) };
  const answersOf = await loadControlAnswers(
    ctx,
    payload.projectId,
    others.map(({ control, aggregator }) => ({ control, read: (c, items) => aggregator.read(c, items) })),
    () => checkpoint(job),
  );
  const otherControls: ControlRunSummary[] = [];
  const otherByTask = new Map<number, Map<string, ControlAggregate & { method: string }>>();
  for (const { control, aggregator } of others) {
    await checkpoint(job);
    const { perTask, summary } = aggregator.aggregate(control, config, answersOf.get(control.name) ?? [], options);
    otherControls.push(summary);
    for (const [taskId, a] of perTask) {
      const entry = otherByTask.get(taskId) ?? new Map<string, ControlAggregate & { method: string }>();
      entry.set(control.name, { ...a, method: summary.method });
      otherByTask.set(taskId, entry);
    }
  }
  const controlOrder = new Map(config.controls.map((c, i) => [c.name, i]));
  const taskIds = [...new Set([...[...byTask.keys()].map(Number), ...otherByTask.keys()])].sort((a, b) => a - b);

  const adjudicated = await adjudicatedTasks(ctx, payload.projectId);
  function* aggregates(): Generator<ComputedAggregate> {
    for (const taskId of taskIds) {
      if (adjudicated.has(taskId)) continue;
      const choices = byTask.get(String(taskId));
      const other = [...(otherByTask.get(taskId) ?? new Map<string, ControlAggregate & { method: string }>()).entries()].sort(
        (a, b) => controlOrder.get(a[0])! - controlOrder.get(b[0])!,
      );
      const labels: Record<string, string[]> = {};
      for (const [k, v] of choices?.labels ?? []) labels[k] = JSON.parse(v) as string[];
      for (const [k, v] of other) labels[k] = v.labels;
      const methods = new Set([...(choices ? [method] : []), ...other.map(([, v]) => v.method)]);
      yield {
        taskId,
        result: JSON.stringify([...(choices ? resultOf(choices.labels, controls) : []), ...other.flatMap(([, v]) => v.items)]),
        labels: JSON.stringify(labels),
        confidence: Math.min(choices?.confidence ?? 1, ...other.map(([, v]) => v.confidence)),
        method: [...methods].join('+'),
        details: other.length > 0 ? JSON.stringify(Object.fromEntries(other.map(([k, v]) => [k, v.details]))) : null,
      };
    }
  }
  const outcome: AggregationOutcome = {
    method,
    requested: payload.method,
    goldAccuracy,
    goldTasks,
    tasks: taskIds.length,
    seed,
    ...(goldAnchoring.length > 0 ? { goldAnchoring } : {}),
    ...(otherControls.length > 0 ? { otherControls } : {}),
  };
  return { outcome, aggregates: aggregates() };
}

