import type { AssignmentRow, Database, Kysely } from '@biaozhu/storage';
import type { Actor } from '../context.js';
import { forbidden, notFound } from '../errors.js';

/**
 * The caller's assignment, for submit, skip and heartbeat. An assignment of another organisation is reported as not
 * found, like one that does not exist, so ids do not tell one tenant about another's work; a colleague's is refused.
 */
export async function loadOwnAssignment(db: Kysely<Database>, actor: Actor, assignmentId: number): Promise<AssignmentRow> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .selectAll('a')
    .select('p.org_id')
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
  if (!row || row.org_id !== actor.orgId) throw notFound('assignment', assignmentId);
  if (row.user_id !== actor.userId) throw forbidden('not_your_assignment', `assignment ${assignmentId} belongs to another worker`);
  const { org_id: _org, ...assignment } = row;
  return assignment;
}
