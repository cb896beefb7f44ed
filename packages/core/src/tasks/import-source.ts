import { invalid } from '../errors.js';

/** Where the data came from (Art. 7 of the generative-AI measures asks for lawful, documented sources). */
export interface SourceInput {
  name: string;
  license?: string;
  collectionMethod?: string;
  containsPersonalInfo?: boolean;
  legalBasis?: string;
}

/**
 * The longest value, in UTF-8 bytes (as the server's other field limits), each descriptive field of an import may
 * hold. Longer values are refused with a 400 naming the field and its limit rather than cut: a cut source record is
 * no longer the one the manager gave. A thousand bytes is over 300 Chinese characters.
 */
export const IMPORT_FIELD_LIMITS = {
  'source.name': 1000,
  'source.license': 1000,
  'source.collectionMethod': 4000,
  'source.legalBasis': 4000,
  fileName: 255,
  externalIdField: 200,
} as const;

export type LimitedImportField = keyof typeof IMPORT_FIELD_LIMITS;

/** Throws `field_too_long` when `value` is longer than the field's limit; `label` is the name the caller knows it by. */
export function checkFieldLength(field: LimitedImportField, value: string | undefined, label: string = field): void {
  const limit = IMPORT_FIELD_LIMITS[field];
  if (value === undefined || value.length <= limit / 4) return;
  const bytes = Buffer.byteLength(value);
  if (bytes > limit) {
    throw invalid('field_too_long', `${label}: longer than ${limit} bytes, the limit (this one has ${bytes})`, { field: label, limit, bytes });
  }
}

/** Checks a source record (a name, a legal basis for personal information, no field over its limit); trims the name. */
export function checkSource(source: SourceInput): SourceInput {
  const name = source.name?.trim() ?? '';
  if (!name) throw invalid('missing_source', 'source.name: name the source of the data (where it came from)', { field: 'source.name' });
  checkFieldLength('source.name', name);
  checkFieldLength('source.license', source.license);
  checkFieldLength('source.collectionMethod', source.collectionMethod);
  checkFieldLength('source.legalBasis', source.legalBasis);
  if (source.containsPersonalInfo && !source.legalBasis?.trim()) {
    throw invalid('missing_legal_basis', 'source.legalBasis: data with personal information needs a legal basis (e.g. consent)', {
      field: 'source.legalBasis',
    });
  }
  return { ...source, name };
}
