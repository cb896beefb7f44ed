import { isDeepStrictEqual } from 'node:util';
import type { LabelConfig } from '@biaozhu/contract';
import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import { advisoryXactLock } from '../advisory-locks.js';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { describeOrphans, onlyAdds, OrphanTally } from './config-compatibility.js';
import { checkProjectName, MAX_DESCRIPTION_LENGTH, toLabelConfig } from './create-project.js';
import { loadVisibleProject } from './project-access.js';

export interface ProjectUpdate {
  name?: string;
  description?: string;
  /** A native config object, or its JSON / Label Studio XML as text. */
  labelConfig?: unknown;
}

/** Answers read per page while checking a config change. */
const PAGE = 500;

/**
 * Renames a project, changes its description or its label config, recorded in the audit log. A config change that
 * would orphan existing answers (it removes or renames a control, a choice or label that answers use, or points a
 * control at another object) is refused with a conflict naming what the answers use and how many do; additions are
 * always allowed. The answers (and gold answers) are read outside the write, in pages, then the few answers stored
 * meanwhile are read again inside it, so the check holds for every answer stored before the change.
 */
export async function updateProject(ctx: Context, actor: Actor, projectId: number, update: ProjectUpdate) {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const name = update.name === undefined ? undefined : checkProjectName(update.name);
  const description = update.description === undefined ? undefined : update.description.trim();
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw invalid('invalid_description', `description: at most ${MAX_DESCRIPTION_LENGTH} characters`, { field: 'description', max: MAX_DESCRIPTION_LENGTH });
  }
  const before = JSON.parse(project.label_config) as LabelConfig;
  const candidate = update.labelConfig === undefined ? undefined : toLabelConfig(update.labelConfig);
  // The same config written differently (XML back from the settings page, keys in another order) is no change.
  const config = candidate === undefined || isDeepStrictEqual(candidate, before) ? undefined : candidate;
  let scannedUpTo = 0;
  if (config !== undefined && !onlyAdds(before, config)) {
    const tally = new OrphanTally(before, config);
    scannedUpTo = await tallyAnswers(ctx.db.reader, projectId, tally, 0);
    await tallyGold(ctx.db.reader, projectId, tally);
    refuseOrphans(tally);
  }
  const now = ctx.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    // The per-project lock policy changes take: two managers saving settings at once are applied one after the other.
    await advisoryXactLock(trx, ctx.db.dialect, 'assignmentPolicy', projectId);
    const current = await trx.selectFrom('projects').select(['name', 'description', 'label_config']).where('id', '=', projectId).executeTakeFirstOrThrow();
    if (config !== undefined) {
      if (current.label_config !== project.label_config) {
        throw conflict('project_changed', 'labelConfig: the label config was changed by someone else meanwhile; reload the project and try again', { field: 'labelConfig' });
      }
      if (!onlyAdds(before, config)) {
        const tally = new OrphanTally(before, config);
        await tallyAnswers(trx, projectId, tally, scannedUpTo);
        refuseOrphans(tally);
      }
    }
    const changes: Record<string, unknown> = {};
    if (name !== undefined && name !== current.name) changes.name = { from: current.name, to: name };
    if (description !== undefined && description !== current.description) changes.description = { changed: true };
    if (config !== undefined) changes.labelConfig = { controls: config.controls.map((c) => c.name), objects: config.objects.map((o) => o.name) };
    if (Object.keys(changes).length > 0) {
      await trx
        .updateTable('projects')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(config !== undefined ? { label_config: JSON.stringify(config) } : {}),
        })
        .where('id', '=', projectId)
        .execute();
      await appendAuditEvent(trx, ctx.db.dialect, {
        orgId: actor.orgId,
        actorId: actor.userId,
        action: 'project.updated',
        entityType: 'project',
        entityId: projectId,
        data: changes,
        at: now,
      });
    }
    return {
      id: projectId,
      name: name ?? current.name,
      description: description ?? current.description,
      labelConfig: config ?? before,
      changed: Object.keys(changes),
    };
  });
}

function refuseOrphans(tally: OrphanTally): void {
  const uses = tally.uses();
  const first = uses[0];
  if (first === undefined) return;
  const message = describeOrphans(uses);
  const details = { field: 'labelConfig', control: first.control, answers: first.answers, uses: uses.slice(0, 20) };
  // Two codes so a translated sentence has what it names: the control itself, or a value (choice, label) of it.
  if (first.value === undefined) throw conflict('config_orphans_control', message, details);
  throw conflict('config_orphans_answers', message, { ...details, value: first.value });
}

/** Feeds the project's answers with an id above `after` to the tally, in id order; returns the last id read. */
async function tallyAnswers(db: Kysely<Database> | Transaction<Database>, projectId: number, tally: OrphanTally, after: number): Promise<number> {
  let last = after;
  for (;;) {
    const rows = await db
      .selectFrom('annotations as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select(['a.id', 'a.task_id', 'a.result', 't.data'])
      .where('a.project_id', '=', projectId)
      .where('a.id', '>', last)
      .orderBy('a.id')
      .limit(PAGE)
      .execute();
    for (const row of rows) tally.add({ taskId: row.task_id, result: parse(row.result), data: parse(row.data) as Record<string, unknown> });
    const end = rows.at(-1);
    if (end === undefined || rows.length < PAGE) return end?.id ?? last;
    last = end.id;
  }
}

/** Gold answers are answers too: a gold task whose known answer loses its control could no longer score anyone. */
async function tallyGold(db: Kysely<Database>, projectId: number, tally: OrphanTally): Promise<void> {
  let last = 0;
  for (;;) {
    const rows = await db
      .selectFrom('tasks')
      .select(['id', 'data', 'gold_result'])
      .where('project_id', '=', projectId)
      .where('is_gold', '=', 1)
      .where('gold_result', 'is not', null)
      .where('id', '>', last)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const row of rows) tally.add({ taskId: row.id, result: parse(row.gold_result ?? '[]'), data: parse(row.data) as Record<string, unknown> });
    const end = rows.at(-1);
    if (end === undefined || rows.length < PAGE) return;
    last = end.id;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
