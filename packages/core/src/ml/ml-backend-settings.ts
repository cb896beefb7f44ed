import type { LabelConfig, MlBackendSettings, MlTestResult, MlTestStep } from '@biaozhu/contract';
import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import { appendAuditEvent } from '../audit/append-audit-event.js';
import type { Actor, Context } from '../context.js';
import { DomainError, forbidden, invalid } from '../errors.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { configToLabelStudioXml } from '../projects/label-studio-xml.js';
import { MlBackendClient } from './ml-client.js';
import { protocolProjectId } from './ml-protocol.js';

export const DEFAULT_BATCH_SIZE = 10;
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const MAX_BATCH_SIZE = 500;
export const MAX_TIMEOUT_SECONDS = 600;

export interface MlBackendInput {
  url: string;
  batchSize?: number | undefined;
  timeoutSeconds?: number | undefined;
}

/** Checked backend settings: a 400 names the field that is wrong. */
export function checkBackendInput(input: MlBackendInput): { url: string; batchSize: number; timeoutMs: number } {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    throw invalid('invalid_ml_backend_url', `url: "${input.url}" is not a URL; give the backend's address, e.g. http://127.0.0.1:9090`, { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid('invalid_ml_backend_url', `url: an http:// or https:// address is needed, got ${url.protocol}`, { field: 'url' });
  }
  if (url.username || url.password) throw invalid('invalid_ml_backend_url', 'url: credentials in the address are not stored; leave them out', { field: 'url' });
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw invalid('invalid_batch_size', `batchSize: a whole number from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`, { field: 'batchSize', max: MAX_BATCH_SIZE });
  }
  const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw invalid('invalid_timeout', `timeoutSeconds: more than 0 and at most ${MAX_TIMEOUT_SECONDS}, got ${timeoutSeconds}`, { field: 'timeoutSeconds', max: MAX_TIMEOUT_SECONDS });
  }
  return { url: url.toString().replace(/\/+$/, ''), batchSize, timeoutMs: Math.round(timeoutSeconds * 1000) };
}

function requireManager(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'manager') throw forbidden('forbidden', 'only managers and admins connect ML backends');
}

/** The project's backend settings, or null when none is connected. */
export async function loadBackendSettings(db: Kysely<Database> | Transaction<Database>, projectId: number): Promise<MlBackendSettings | null> {
  const row = await db.selectFrom('project_ml_backends').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  if (!row) return null;
  return { url: row.url, batchSize: row.batch_size, timeoutSeconds: row.timeout_ms / 1000, updatedAt: new Date(Number(row.updated_at)).toISOString() };
}

export async function getMlBackend(ctx: Context, actor: Actor, projectId: number): Promise<MlBackendSettings | null> {
  requireManager(actor);
  await loadVisibleProject(ctx, actor, projectId);
  return loadBackendSettings(ctx.db.reader, projectId);
}

/** Connects a project to a backend (or changes its settings), audited with the values before and after. */
export async function setMlBackend(ctx: Context, actor: Actor, projectId: number, input: MlBackendInput): Promise<MlBackendSettings> {
  requireManager(actor);
  await loadVisibleProject(ctx, actor, projectId);
  const checked = checkBackendInput(input);
  const now = ctx.now();
  await ctx.db.write(async (trx) => {
    const before = await loadBackendSettings(trx, projectId);
    await saveBackendSettings(trx, actor, projectId, checked, now);
    await appendAuditEvent(trx, ctx.db.dialect, {
      orgId: actor.orgId,
      actorId: actor.userId,
      action: 'ml_backend.set',
      entityType: 'project',
      entityId: projectId,
      data: { before, after: { url: checked.url, batchSize: checked.batchSize, timeoutSeconds: checked.timeoutMs / 1000 } },
      at: now,
    });
  });
  return (await loadBackendSettings(ctx.db.reader, projectId))!;
}

/** Inserts or updates the settings row (inside the caller's transaction). */
export async function saveBackendSettings(
  trx: Transaction<Database>,
  actor: Actor,
  projectId: number,
  s: { url: string; batchSize: number; timeoutMs: number },
  now: number,
): Promise<void> {
  const updated = await trx
    .updateTable('project_ml_backends')
    .set({ url: s.url, batch_size: s.batchSize, timeout_ms: s.timeoutMs, updated_by: actor.userId, updated_at: now })
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await trx
      .insertInto('project_ml_backends')
      .values({ project_id: projectId, url: s.url, batch_size: s.batchSize, timeout_ms: s.timeoutMs, last_job_id: null, updated_by: actor.userId, updated_at: now })
      .execute();
  }
}

/**
 * Tries a backend without saving anything: `GET /health`, then `POST /setup` with the project's config as Label
 * Studio XML; each step reports the backend's answer or the error that stopped it (unreachable, timeout, HTTP
 * status, not the protocol), so a manager sees what is wrong before starting a job. Settings not given are the
 * project's saved ones.
 */
export async function testMlBackend(ctx: Context, actor: Actor, projectId: number, input: Partial<MlBackendInput>): Promise<MlTestResult> {
  requireManager(actor);
  const project = await loadVisibleProject(ctx, actor, projectId);
  const saved = await loadBackendSettings(ctx.db.reader, projectId);
  const url = input.url ?? saved?.url;
  if (!url) throw invalid('ml_backend_not_set', 'url: this project has no ML backend yet; give its address', { field: 'url' });
  const checked = checkBackendInput({ url, batchSize: input.batchSize ?? saved?.batchSize, timeoutSeconds: input.timeoutSeconds ?? saved?.timeoutSeconds });
  const client = new MlBackendClient({ url: checked.url, timeoutMs: checked.timeoutMs, retries: 0 });
  const health = await step(async () => {
    const h = await client.health();
    return { status: h.status, ...h.details };
  });
  if (!health.ok) return { url: checked.url, health, setup: null };
  const xml = configToLabelStudioXml(JSON.parse(project.label_config) as LabelConfig);
  const setup = await step(async () => ({ modelVersion: (await client.setup(xml, protocolProjectId(project))).modelVersion }));
  return { url: checked.url, health, setup };
}

async function step(fn: () => Promise<Record<string, unknown>>): Promise<MlTestStep> {
  const started = performance.now();
  try {
    const answer = await fn();
    return { ok: true, answer, error: null, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false, answer: null, error: { code: error.code, message: error.message }, ms: Math.round(performance.now() - started) };
  }
}
