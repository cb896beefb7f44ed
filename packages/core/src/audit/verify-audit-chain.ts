import type { Context } from '../context.js';
import { auditEventHash, GENESIS_HASH } from './append-audit-event.js';

export interface AuditChainReport {
  events: number;
  ok: boolean;
  /** The first event whose hash or link does not match, if any. */
  brokenAt?: number;
}

/** Recomputes the organisation's hash chain: any edited, inserted or deleted event breaks it. */
export async function verifyAuditChain(ctx: Context, orgId: number): Promise<AuditChainReport> {
  const rows = await ctx.db.kysely.selectFrom('audit_events').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const expected = auditEventHash(prev, {
      orgId: row.org_id,
      actorId: row.actor_id,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      data: row.data,
      at: row.at,
    });
    if (row.prev_hash !== prev || row.hash !== expected) return { events: rows.length, ok: false, brokenAt: row.id };
    prev = row.hash;
  }
  return { events: rows.length, ok: true };
}
