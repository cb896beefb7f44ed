import { createHash } from 'node:crypto';
import type { Database, DialectName, Transaction } from '@biaozhu/storage';
import { advisoryXactLock } from '../advisory-locks.js';

export interface AuditInput {
  orgId: number;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  data?: Record<string, unknown>;
  at: number;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash that links an event to the one before it; verify-audit-chain recomputes it. */
export function auditEventHash(prevHash: string, e: Omit<AuditInput, 'data'> & { data: string }): string {
  const canonical = JSON.stringify([prevHash, e.orgId, e.actorId, e.action, e.entityType, String(e.entityId), e.data, e.at]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one event to the organisation's hash chain inside the caller's transaction, so the event exists exactly
 * when the change it records does. On PostgreSQL an advisory lock per organisation serialises appenders; SQLite
 * serialises writers already.
 */
export async function appendAuditEvent(trx: Transaction<Database>, dialect: DialectName, input: AuditInput): Promise<void> {
  await advisoryXactLock(trx, dialect, 'auditChain', input.orgId);
  const last = await trx
    .selectFrom('audit_events')
    .select('hash')
    .where('org_id', '=', input.orgId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const data = JSON.stringify(input.data ?? {});
  const hash = auditEventHash(prevHash, { ...input, data });
  await trx
    .insertInto('audit_events')
    .values({
      org_id: input.orgId,
      actor_id: input.actorId,
      action: input.action,
      entity_type: input.entityType,
      entity_id: String(input.entityId),
      data,
      at: input.at,
      prev_hash: prevHash,
      hash,
    })
    .execute();
}
