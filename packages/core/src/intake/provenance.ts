import type { Database, Kysely, Transaction } from '@biaozhu/storage';
import { invalid } from '../errors.js';
import type { SourceInput } from '../tasks/import-tasks.js';

/** The fields of a complete source record (Art. 7 of the generative-AI measures), in the order they are checked. */
export const SOURCE_FIELDS = ['source.name', 'source.license', 'source.collectionMethod', 'source.containsPersonalInfo', 'source.legalBasis'] as const;
export type SourceField = (typeof SOURCE_FIELDS)[number];

const WHAT: Record<SourceField, string> = {
  'source.name': 'name the origin of the data (where it came from)',
  'source.license': 'give the licence or contract under which the data may be used',
  'source.collectionMethod': 'say how the data was collected (e.g. crawled, purchased, written by staff)',
  'source.containsPersonalInfo': 'say whether the data holds personal information (true or false)',
  'source.legalBasis': 'data with personal information needs a legal basis (e.g. consent, contract)',
};

/**
 * The fields a source record lacks to be complete: origin, licence or contract, collection method, an explicit
 * yes/no on personal information, and a legal basis when the answer is yes (a legal basis is what the law asks for
 * processing personal information; data without any needs none).
 */
export function missingSourceFields(source: SourceInput): SourceField[] {
  const blank = (v: string | undefined) => !v || v.trim() === '';
  const missing: SourceField[] = [];
  if (blank(source.name)) missing.push('source.name');
  if (blank(source.license)) missing.push('source.license');
  if (blank(source.collectionMethod)) missing.push('source.collectionMethod');
  if (typeof source.containsPersonalInfo !== 'boolean') missing.push('source.containsPersonalInfo');
  if (source.containsPersonalInfo === true && blank(source.legalBasis)) missing.push('source.legalBasis');
  return missing;
}

/**
 * Refuses a source record that the project's intake settings say must be complete and is not; the error names the
 * first missing field (`details.field`) and lists all of them (`details.missing`).
 */
export async function enforceSourceRequirement(db: Kysely<Database> | Transaction<Database>, projectId: number, source: SourceInput): Promise<void> {
  const settings = await db
    .selectFrom('project_intake_settings')
    .select('require_complete_source')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!settings || settings.require_complete_source !== 1) return;
  const missing = missingSourceFields(source);
  const first = missing[0];
  if (first === undefined) return;
  throw invalid('incomplete_source', `${first}: this project requires a complete source record; ${WHAT[first]}`, { field: first, missing });
}
