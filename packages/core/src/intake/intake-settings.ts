import { PII_KINDS, type IntakeSettings, type PiiRedactionPolicy } from '@biaozhu/contract';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { forbidden, invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import type { Database, Kysely, Transaction } from '@biaozhu/storage';

export const DEFAULT_INTAKE_SETTINGS: IntakeSettings = { requireCompleteSource: false, keepOriginal: false, originalKey: 'originalText', redactPii: null };

/** Reads a project's intake settings (the defaults when none were set). */
export async function loadIntakeSettings(db: Kysely<Database> | Transaction<Database>, projectId: number): Promise<IntakeSettings> {
  const row = await db.selectFrom('project_intake_settings').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  if (!row) return { ...DEFAULT_INTAKE_SETTINGS };
  return {
    requireCompleteSource: row.require_complete_source === 1,
    keepOriginal: row.keep_original === 1,
    originalKey: row.original_key,
    redactPii: row.redact_pii ? (JSON.parse(row.redact_pii) as PiiRedactionPolicy) : null,
  };
}

/** A project's intake settings, for anyone who can see the project. */
export async function getIntakeSettings(ctx: Context, actor: Actor, projectId: number): Promise<IntakeSettings> {
  await loadVisibleProject(ctx, actor, projectId);
  return loadIntakeSettings(ctx.db.reader, projectId);
}

/**
 * Changes a project's intake settings (managers and admins); the change and its before/after values are written to
 * the audit log in the same transaction.
 */
export async function updateIntakeSettings(ctx: Context, actor: Actor, projectId: number, patch: Partial<IntakeSettings>): Promise<IntakeSettings> {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw forbidden('forbidden', 'only managers and admins change intake settings');
  if (patch.originalKey !== undefined && !/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(patch.originalKey)) {
    throw invalid('invalid_original_key', 'originalKey: 1-64 letters, digits, _ . - (starting with a letter or _)', { field: 'originalKey' });
  }
  // Assigning to `__proto__` on a record sets its prototype instead of a field: the original text would vanish.
  if (patch.originalKey === '__proto__') {
    throw invalid('invalid_original_key', 'originalKey: "__proto__" is reserved; choose another name', { field: 'originalKey' });
  }
  if (patch.redactPii) checkRedactionPolicy(patch.redactPii);
  await loadVisibleProject(ctx, actor, projectId);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await loadIntakeSettings(trx, projectId);
    const after: IntakeSettings = { ...before, ...stripUndefined(patch) };
    const now = ctx.now();
    const values = {
      require_complete_source: after.requireCompleteSource ? 1 : 0,
      keep_original: after.keepOriginal ? 1 : 0,
      original_key: after.originalKey,
      redact_pii: after.redactPii ? JSON.stringify({ kinds: after.redactPii.kinds, mode: after.redactPii.mode }) : null,
      updated_by: actor.userId,
      updated_at: now,
    };
    await trx
      .insertInto('project_intake_settings')
      .values({ project_id: projectId, ...values })
      .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
      .execute();
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'project.intake_settings',
      entityType: 'project',
      entityId: projectId,
      data: { before, after },
      at: now,
    });
    return after;
  });
}

function stripUndefined(patch: Partial<IntakeSettings>): Partial<IntakeSettings> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

/** A redaction policy names at least one known kind, each once, and a mode that keeps the record. */
function checkRedactionPolicy(policy: PiiRedactionPolicy): void {
  if (!Array.isArray(policy.kinds) || policy.kinds.length === 0) {
    throw invalid('invalid_redaction_policy', 'redactPii.kinds: name at least one kind of personal information', { field: 'redactPii.kinds' });
  }
  policy.kinds.forEach((kind, i) => {
    if (!(PII_KINDS as readonly string[]).includes(kind) || policy.kinds.indexOf(kind) !== i) {
      throw invalid('invalid_redaction_policy', `redactPii.kinds[${i}]: one of ${PII_KINDS.join(', ')}, each once`, { field: `redactPii.kinds.${i}` });
    }
  });
  if (policy.mode !== 'mask' && policy.mode !== 'placeholder') {
    throw invalid('invalid_redaction_policy', 'redactPii.mode: mask or placeholder', { field: 'redactPii.mode' });
  }
}
