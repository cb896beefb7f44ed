import { postFormWithProgress } from '../api';
import type { ImportResult, OnConflict } from '../api-types';

export interface ImportSourceFields {
  sourceName: string;
  sourceLicense: string;
  collectionMethod: string;
  containsPersonalInfo: boolean;
  legalBasis: string;
  skipBadLines: boolean;
  /** Empty: the server tells the format from the file. */
  format: '' | 'jsonl' | 'json' | 'csv' | 'tsv';
  /** What happens to records already in the project (the server's default is `skip`). */
  onConflict: OnConflict;
  /** Which column fills which data key of the config (`{text: "review"}`); empty for none. */
  fieldMap: Record<string, string>;
}

/**
 * Uploads a task file with its source description, reporting upload progress. The text fields go first and the file
 * last, as the server reads the parts in order.
 */
export function uploadImport(
  projectId: string,
  fields: ImportSourceFields,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<ImportResult> {
  const form = new FormData();
  form.append('sourceName', fields.sourceName);
  form.append('sourceLicense', fields.sourceLicense);
  form.append('collectionMethod', fields.collectionMethod);
  form.append('containsPersonalInfo', String(fields.containsPersonalInfo));
  form.append('legalBasis', fields.legalBasis);
  form.append('skipBadLines', String(fields.skipBadLines));
  if (fields.format) form.append('format', fields.format);
  form.append('onConflict', fields.onConflict);
  if (Object.keys(fields.fieldMap).length > 0) form.append('fieldMap', JSON.stringify(fields.fieldMap));
  form.append('file', file, file.name);

  return postFormWithProgress(`/api/projects/${encodeURIComponent(projectId)}/imports`, form, onProgress).then(
    (body) => (body as { import: ImportResult }).import,
  );
}
