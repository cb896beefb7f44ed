import { randomInt } from 'node:crypto';
import type { LotDetail, LotSummary, ResultItem } from '@biaozhu/contract';
import { sql, type Database, type Kysely, type Transaction } from '@biaozhu/storage';
import { visibleUserId } from '../access/worker-pseudonyms.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { wilsonInterval } from '../quality/wilson-interval.js';
import { withLotCutSlot, type CutWrite } from './lot-cut-slot.js';
import { loadQualityPolicy } from './quality-policy.js';
import { drawSample, INSPECTION_LEVELS, lotVerdict, samplingPlan, type InspectionLevel, type SamplingPlan } from './sampling-plan.js';

type Reader = Kysely<Database> | Transaction<Database>;

export interface CutLotInput {
  name?: string | undefined;
  aql: string;
  inspectionLevel?: InspectionLevel | undefined;
  /** The tasks of the lot; by default every completed task of the project that is in no open or accepted lot. */
  taskIds?: number[] | undefined;
  /** Seed of the sample draw; drawn at random and stored when not given. */
  seed?: number | undefined;
  /** The contract's accuracy clause; the project's quality policy gives the default. */
  requiredAccuracy?: number | null | undefined;
}

const UNAVAILABLE = ['inspecting', 'accepted'] as const;

/**
 * Lot items written per transaction. A lot has no useful upper size: ISO 2859-1's last band is "500,001 and over"
 * and a bigger lot costs the client no more inspection (level II samples 1,250 items from any lot that large), so a
 * project may well deliver a million tasks in one lot. What is bounded is each write: on SQLite every claim and
 * submit waits for the one writer, and 5,000 items take it for a few milliseconds.
 */
export const LOT_ITEM_BATCH = 5000;

/**
 * A manager cuts a delivery lot from completed tasks and fixes its ISO 2859-1 plan (normal single sampling, level II
 * by default, the AQL chosen per lot). The sample is drawn from a stored seed, so anyone can draw it again.
 *
 * The lot is written in batches of LOT_ITEM_BATCH items while it is hidden (`cutting`), and shown with its audit
 * event in one last small transaction, so nobody sees a lot with part of its items. Cuts of one project run one at
 * a time (withLotCutSlot); a cut that died midway is removed by the next one.
 */
export async function cutLot(ctx: Context, actor: Actor, projectId: number, input: CutLotInput): Promise<LotSummary> {
  await loadVisibleProject(ctx, actor, projectId);
  const level = input.inspectionLevel ?? 'II';
  if (!INSPECTION_LEVELS.includes(level)) throw invalid('invalid_level', `inspectionLevel: one of ${INSPECTION_LEVELS.join(', ')}`, { field: 'inspectionLevel' });
  if (input.taskIds !== undefined && input.taskIds.length === 0) throw invalid('lot_too_small', 'taskIds: a lot needs at least 2 tasks', { field: 'taskIds', min: 2, available: 0 });
  const policy = await loadQualityPolicy(ctx.db.reader, projectId);
  const requiredAccuracy = input.requiredAccuracy === undefined ? policy.requiredAccuracy : input.requiredAccuracy;
  const seed = input.seed ?? randomInt(0, 2 ** 31 - 1);
  return withLotCutSlot(ctx, projectId, async (write) => {
    for (const hidden of await hiddenLots(ctx.db.reader, projectId)) await dropHiddenLot(write, hidden);
    // No other cut of the project runs now, so what is free when read stays free until this lot is shown.
    const ids = await deliverableTasks(ctx.db.reader, projectId, input.taskIds);
    if (input.taskIds !== undefined && ids.length !== new Set(input.taskIds).size) {
      const ok = new Set(ids);
      const bad = input.taskIds.filter((id) => !ok.has(id)).slice(0, 10);
      throw invalid('task_not_deliverable', `taskIds: tasks ${bad.join(', ')} are not completed tasks of this project outside other lots`, { field: 'taskIds', taskIds: bad });
    }
    if (ids.length < 2) throw invalid('lot_too_small', `a lot needs at least 2 completed tasks; ${ids.length} available`, { field: 'taskIds', min: 2, available: ids.length });
    let plan: SamplingPlan;
    try {
      plan = samplingPlan(ids.length, input.aql, level);
    } catch (error) {
      throw invalid('no_sampling_plan', `aql: ${error instanceof Error ? error.message : String(error)}`, { field: 'aql' });
    }
    const sample = drawSample(ids, plan.inspect, seed);
    const position = new Map(sample.map((id, i) => [id, i]));
    const now = ctx.now();
    const name = (input.name ?? '').trim() || `Lot ${new Date(now).toISOString().slice(0, 10)}`;
    const lotId = await write(async (trx) => {
      const lot = await trx
        .insertInto('lots')
        .values({
          project_id: projectId,
          name: name.slice(0, 200),
          aql: input.aql,
          inspection_level: level,
          code_letter: plan.codeLetter,
          lot_size: ids.length,
          sample_size: plan.sampleSize,
          accept_number: plan.ac,
          reject_number: plan.re,
          seed,
          required_accuracy: requiredAccuracy,
          status: 'inspecting',
          created_by: actor.userId,
          created_at: now,
          decided_at: null,
          signoff_by: null,
          signoff_at: null,
          signoff_decision: null,
          signoff_comment: null,
          cutting: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return lot.id;
    });
    try {
      for (let i = 0; i < ids.length; i += LOT_ITEM_BATCH) {
        const batch = ids.slice(i, i + LOT_ITEM_BATCH).map((taskId) => ({
          lot_id: lotId,
          task_id: taskId,
          sample_position: position.get(taskId) ?? null,
          verdict: null,
          defect_reason: null,
          inspected_by: null,
          inspected_at: null,
        }));
        await write(async (trx) => {
          for (let j = 0; j < batch.length; j += 500) await trx.insertInto('lot_items').values(batch.slice(j, j + 500)).execute();
        });
        // Claims and submits queued meanwhile commit before the next batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return await write(async (trx) => {
        await trx.updateTable('lots').set({ cutting: 0 }).where('id', '=', lotId).execute();
        await appendAuditEvent(trx, ctx.db.dialect, {
          orgId: actor.orgId,
          actorId: actor.userId,
          action: 'lot.cut',
          entityType: 'lot',
          entityId: lotId,
          data: { projectId, lotSize: ids.length, aql: input.aql, level, codeLetter: plan.codeLetter, n: plan.sampleSize, ac: plan.ac, re: plan.re, seed, requiredAccuracy },
          at: now,
        });
        return summarize(trx, lotId);
      });
    } catch (error) {
      // Best effort: if this fails too, the project's next cut removes the hidden lot.
      await dropHiddenLot(write, lotId).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Completed tasks of the project in no lot being inspected or accepted (of `taskIds` when given), by id. Read in
 * pages of LOT_ITEM_BATCH with a turn of the event loop between them: better-sqlite3 reads synchronously, so one
 * query over a million tasks would stop every request of the process while it runs.
 */
async function deliverableTasks(db: Reader, projectId: number, taskIds: number[] | undefined): Promise<number[]> {
  const ids: number[] = [];
  for (;;) {
    let query = db
      .selectFrom('tasks as t')
      .select('t.id')
      .where('t.project_id', '=', projectId)
      .where('t.is_gold', '=', 0)
      .whereRef('t.answer_count', '>=', 't.target')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('lot_items as li')
              .innerJoin('lots as l', 'l.id', 'li.lot_id')
              .select('li.task_id')
              .whereRef('li.task_id', '=', 't.id')
              .where('l.status', 'in', UNAVAILABLE),
          ),
        ),
      );
    if (taskIds !== undefined) query = query.where('t.id', 'in', taskIds);
    if (ids.length > 0) query = query.where('t.id', '>', ids[ids.length - 1]!);
    const page = await query.orderBy('t.id').limit(LOT_ITEM_BATCH).execute();
    for (const r of page) ids.push(r.id);
    if (page.length < LOT_ITEM_BATCH) return ids;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lots of the project whose cut has not finished (in the slot, only ones whose cut died). */
async function hiddenLots(db: Reader, projectId: number): Promise<number[]> {
  return (await db.selectFrom('lots').select('id').where('project_id', '=', projectId).where('cutting', '=', 1).execute()).map((r) => r.id);
}

/** Deletes a lot that was never shown, its items in batches of LOT_ITEM_BATCH. */
async function dropHiddenLot(write: CutWrite, lotId: number): Promise<void> {
  for (;;) {
    const deleted = await write((trx) =>
      trx
        .deleteFrom('lot_items')
        .where('lot_id', '=', lotId)
        .where('task_id', 'in', (eb) => eb.selectFrom('lot_items').select('task_id').where('lot_id', '=', lotId).limit(LOT_ITEM_BATCH))
        .executeTakeFirst(),
    );
    if (Number(deleted.numDeletedRows) === 0) break;
  }
  await write((trx) => trx.deleteFrom('lots').where('id', '=', lotId).where('cutting', '=', 1).execute());
}

async function loadLot(ctx: Context, actor: Actor, lotId: number, db: Reader = ctx.db.reader) {
  const lot = await db.selectFrom('lots').selectAll().where('id', '=', lotId).where('cutting', '=', 0).executeTakeFirst();
  if (!lot) throw notFound('lot', lotId);
  await loadVisibleProject(ctx, actor, lot.project_id).catch(() => {
    throw notFound('lot', lotId);
  });
  return lot;
}

async function summarize(db: Reader, lotId: number): Promise<LotSummary> {
  const lot = await db.selectFrom('lots').selectAll().where('id', '=', lotId).executeTakeFirstOrThrow();
  const counts = await db
    .selectFrom('lot_items')
    .select([
      sql<number>`sum(case when verdict is not null then 1 else 0 end)`.as('inspected'),
      sql<number>`sum(case when verdict = 'defect' then 1 else 0 end)`.as('defects'),
    ])
    .where('lot_id', '=', lotId)
    .where('sample_position', 'is not', null)
    .executeTakeFirstOrThrow();
  const inspected = Number(counts.inspected ?? 0);
  const defects = Number(counts.defects ?? 0);
  const plan = samplingPlan(lot.lot_size, lot.aql, lot.inspection_level as InspectionLevel);
  const interval = wilsonInterval(inspected - defects, inspected);
  const required = lot.required_accuracy;
  return {
    id: lot.id,
    projectId: lot.project_id,
    name: lot.name,
    aql: lot.aql,
    inspectionLevel: lot.inspection_level,
    codeLetter: lot.code_letter,
    planLetter: plan.planLetter,
    lotSize: lot.lot_size,
    sampleSize: lot.sample_size,
    toInspect: plan.inspect,
    fullInspection: plan.fullInspection,
    ac: lot.accept_number,
    re: lot.reject_number,
    seed: lot.seed,
    status: lot.status,
    inspected,
    defects,
    accuracy: {
      ...interval,
      required,
      meets: required === null || inspected === 0 ? null : interval.proportion >= required,
      meetsWithConfidence: required === null || inspected === 0 ? null : interval.low >= required,
    },
    createdAt: new Date(lot.created_at).toISOString(),
    decidedAt: lot.decided_at === null ? null : new Date(lot.decided_at).toISOString(),
    signoff:
      lot.signoff_by === null || lot.signoff_at === null
        ? null
        : { by: lot.signoff_by, at: new Date(lot.signoff_at).toISOString(), decision: lot.signoff_decision ?? '', comment: lot.signoff_comment ?? '' },
  };
}

/** A lot as `actor` may see it: a client sees who signed it off only when it was them (visibleUserId). */
function seenBy(actor: Actor, lot: LotSummary): LotSummary {
  return lot.signoff ? { ...lot, signoff: { ...lot.signoff, by: visibleUserId(actor, lot.signoff.by) } } : lot;
}

/** The lots of a project, newest first. */
export async function listLots(ctx: Context, actor: Actor, projectId: number): Promise<LotSummary[]> {
  await loadVisibleProject(ctx, actor, projectId);
  const ids = await ctx.db.reader.selectFrom('lots').select('id').where('project_id', '=', projectId).where('cutting', '=', 0).orderBy('id', 'desc').execute();
  const out: LotSummary[] = [];
  for (const { id } of ids) out.push(seenBy(actor, await summarize(ctx.db.reader, id)));
  return out;
}

/** A lot with its sampled items in draw order, each with the delivered answer to inspect. */
export async function getLot(ctx: Context, actor: Actor, lotId: number): Promise<LotDetail> {
  await loadLot(ctx, actor, lotId);
  const items = await ctx.db.reader
    .selectFrom('lot_items as li')
    .innerJoin('tasks as t', 't.id', 'li.task_id')
    .leftJoin('aggregates as ag', 'ag.task_id', 'li.task_id')
    .select(['li.task_id', 'li.sample_position', 'li.verdict', 'li.defect_reason', 'li.inspected_by', 'li.inspected_at', 't.data', 'ag.result as agg', 'ag.method'])
    .where('li.lot_id', '=', lotId)
    .where('li.sample_position', 'is not', null)
    .orderBy('li.sample_position')
    .execute();
  const needAnswers = items.filter((i) => i.agg === null).map((i) => i.task_id);
  const answers = needAnswers.length
    ? await ctx.db.reader.selectFrom('annotations').select(['task_id', 'result']).where('task_id', 'in', needAnswers).orderBy('id').execute()
    : [];
  const byTask = new Map<number, ResultItem[][]>();
  for (const a of answers) byTask.set(a.task_id, [...(byTask.get(a.task_id) ?? []), JSON.parse(a.result) as ResultItem[]]);
  return {
    lot: seenBy(actor, await summarize(ctx.db.reader, lotId)),
    sample: items.map((i) => ({
      taskId: i.task_id,
      position: i.sample_position ?? 0,
      data: JSON.parse(i.data) as Record<string, unknown>,
      delivered:
        i.agg !== null
          ? { source: 'aggregate' as const, method: i.method, results: [JSON.parse(i.agg) as ResultItem[]] }
          : { source: 'answers' as const, method: null, results: byTask.get(i.task_id) ?? [] },
      verdict: i.verdict,
      defectReason: i.defect_reason,
      inspectedBy: visibleUserId(actor, i.inspected_by),
      inspectedAt: i.inspected_at === null ? null : new Date(i.inspected_at).toISOString(),
    })),
  };
}

/**
 * A reviewer or the client inspects one sampled item: pass, or defect with a reason. The verdict follows Ac/Re: the
 * lot is rejected as soon as the defects reach Re, accepted when the whole sample is inspected with at most Ac.
 */
export async function inspectLotItem(
  ctx: Context,
  actor: Actor,
  lotId: number,
  taskId: number,
  input: { verdict: 'pass' | 'defect'; reason?: string | undefined },
): Promise<LotSummary> {
  await loadLot(ctx, actor, lotId);
  const reason = (input.reason ?? '').trim();
  if (input.verdict === 'defect' && !reason) throw invalid('reason_required', 'reason: a defect needs a reason', { field: 'reason' });
  if (reason.length > 1000) throw invalid('invalid_reason', 'reason: at most 1000 characters', { field: 'reason', max: 1000 });
  const own = await ctx.db.reader.selectFrom('annotations').select('id').where('task_id', '=', taskId).where('user_id', '=', actor.userId).executeTakeFirst();
  if (own) throw forbidden('own_work', 'you answered this task, so someone else must inspect it');
  const now = ctx.now();
  return ctx.db.write(async (trx) => {
    // Inspections of one lot are serialised, so the verdict is computed from a stable count.
    let lockQuery = trx.selectFrom('lots').select(['status', 'accept_number', 'reject_number', 'lot_size', 'aql', 'inspection_level']).where('id', '=', lotId);
    if (ctx.db.dialect === 'postgres') lockQuery = lockQuery.forUpdate();
    const lot = await lockQuery.executeTakeFirstOrThrow();
    if (lot.status !== 'inspecting') throw conflict('lot_decided', `lot ${lotId} is already ${lot.status}`);
    const updated = await trx
      .updateTable('lot_items')
      .set({ verdict: input.verdict, defect_reason: input.verdict === 'defect' ? reason : null, inspected_by: actor.userId, inspected_at: now })
      .where('lot_id', '=', lotId)
      .where('task_id', '=', taskId)
      .where('sample_position', 'is not', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw notFound('sample_item', taskId);
    const summary = await summarize(trx, lotId);
    const verdict = lotVerdict(summary.defects, summary.inspected, summary.toInspect, lot.accept_number, lot.reject_number);
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'lot.item_inspected',
      entityType: 'lot',
      entityId: lotId,
      data: { taskId, verdict: input.verdict, reason: input.verdict === 'defect' ? reason : null },
      at: now,
    });
    if (verdict === 'inspecting') return seenBy(actor, summary);
    await trx.updateTable('lots').set({ status: verdict, decided_at: now }).where('id', '=', lotId).execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: `lot.${verdict}`,
      entityType: 'lot',
      entityId: lotId,
      data: { defects: summary.defects, inspected: summary.inspected, ac: lot.accept_number, re: lot.reject_number },
      at: now,
    });
    return seenBy(actor, await summarize(trx, lotId));
  });
}

/** The client signs off a decided lot (accepts or rejects the delivery); stored once and audited. */
export async function signOffLot(ctx: Context, actor: Actor, lotId: number, input: { decision: 'accept' | 'reject'; comment?: string | undefined }): Promise<LotSummary> {
  await loadLot(ctx, actor, lotId);
  const comment = (input.comment ?? '').trim().slice(0, 2000);
  const now = ctx.now();
  return ctx.db.write(async (trx) => {
    const lot = await trx.selectFrom('lots').select(['status', 'signoff_by']).where('id', '=', lotId).executeTakeFirstOrThrow();
    if (lot.status === 'inspecting') throw conflict('lot_not_decided', `lot ${lotId} is still being inspected; sign off once it has a verdict`);
    const signed = await trx
      .updateTable('lots')
      .set({ signoff_by: actor.userId, signoff_at: now, signoff_decision: input.decision, signoff_comment: comment })
      .where('id', '=', lotId)
      .where('signoff_by', 'is', null)
      .executeTakeFirst();
    if (Number(signed.numUpdatedRows) !== 1) throw conflict('already_signed_off', `lot ${lotId} was already signed off`);
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'lot.signed_off',
      entityType: 'lot',
      entityId: lotId,
      data: { decision: input.decision, comment, verdict: lot.status },
      at: now,
    });
    return seenBy(actor, await summarize(trx, lotId));
  });
}

/** A manager lets a client-role user see a project (its progress, quality and lots) and inspect and sign off its lots. */
export async function addProjectClient(ctx: Context, actor: Actor, projectId: number, userId: number): Promise<{ projectId: number; userId: number }> {
  await loadVisibleProject(ctx, actor, projectId);
  const user = await ctx.db.reader.selectFrom('users').select(['id', 'role']).where('id', '=', userId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!user) throw notFound('user', userId);
  if (user.role !== 'client') throw invalid('not_a_client', `user ${userId} has the role ${user.role}; only clients are added as project members`, { field: 'userId' });
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const existing = await trx.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
    if (existing) return;
    await trx.insertInto('project_members').values({ project_id: projectId, user_id: userId, created_at: now }).execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'project.client_added',
      entityType: 'project',
      entityId: projectId,
      data: { userId },
      at: now,
    });
  });
  return { projectId, userId };
}
