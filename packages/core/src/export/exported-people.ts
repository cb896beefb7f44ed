import type { Database, Kysely } from '@biaozhu/storage';
import { seesWorkerIdentities, workerPseudonyms } from '../access/worker-pseudonyms.js';
import type { Actor } from '../context.js';

/**
 * How an export names the people behind its answers, by who reads it. Staff get user ids and emails, and imported
 * answers with every original field. A client gets none of that (docs/security.md): an answer made here names its
 * worker by the project's pseudonym (`worker-3`, as in the gold-accuracy view); an imported answer keeps only the
 * fields that name nobody, with the original `completed_by` replaced by `imported-<n>` (numbered in the order of
 * the first answer of each original annotator); a gold task's known answer names no author.
 */
export interface ExportedPeople {
  /** The fields that name the worker of an answer made here. */
  author(userId: number | null): { completed_by: number | string | null; completed_by_email?: string | null };
  /** An imported answer's original fields (from Label Studio), as this reader may see them. */
  imported(origin: Record<string, unknown>): Record<string, unknown>;
  /** A gold task's known answer, as this reader may see it. */
  goldAnswer(gold: Record<string, unknown>): Record<string, unknown>;
}

/** Fields of a Label Studio annotation that name nobody: what a client sees of an imported answer. */
const ANONYMOUS_FIELDS = ['id', 'result', 'lead_time', 'created_at', 'updated_at', 'was_cancelled', 'ground_truth'];

const PAGE = 1000;

export async function exportedPeople(db: Kysely<Database>, actor: Actor, projectId: number): Promise<ExportedPeople> {
  if (seesWorkerIdentities(actor)) {
    const emails = new Map(
      (await db.selectFrom('users').select(['id', 'email']).where('org_id', '=', actor.orgId).execute()).map((u) => [u.id, u.email]),
    );
    return {
      author: (userId) => ({ completed_by: userId, completed_by_email: userId === null ? null : (emails.get(userId) ?? null) }),
      imported: (origin) => origin,
      goldAnswer: (gold) => gold,
    };
  }
  const workers = await workerPseudonyms(db, projectId);
  const importedNames = await importedAnnotators(db, projectId);
  return {
    author: (userId) => ({ completed_by: userId === null ? null : workers.of(userId) }),
    imported: (origin) => {
      const key = annotatorKey(origin.completed_by);
      return { ...anonymous(origin), completed_by: key === undefined ? null : (importedNames.get(key) ?? null) };
    },
    goldAnswer: (gold) => ({ ...anonymous(gold), completed_by: null }),
  };
}

function anonymous(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(ANONYMOUS_FIELDS.filter((k) => Object.hasOwn(fields, k)).map((k) => [k, fields[k]]));
}

/** The same original annotator, whether Label Studio wrote them as an id or as an object. */
function annotatorKey(completedBy: unknown): string | undefined {
  return completedBy === undefined || completedBy === null ? undefined : JSON.stringify(completedBy);
}

/** `imported-<n>` per original annotator of the project's imported answers, in the order of their first answer. */
async function importedAnnotators(db: Kysely<Database>, projectId: number): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('annotations')
      .select(['id', 'imported_from'])
      .where('project_id', '=', projectId)
      .where('user_id', 'is', null)
      .where('imported_from', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return names;
    for (const r of rows) {
      const key = annotatorKey((JSON.parse(r.imported_from ?? '{}') as Record<string, unknown>).completed_by);
      if (key !== undefined && !names.has(key)) names.set(key, `imported-${names.size + 1}`);
    }
    after = rows[rows.length - 1]!.id;
  }
}
