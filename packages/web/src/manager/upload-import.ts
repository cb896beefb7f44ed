import { ApiError, getCsrfToken, parseError } from '../api';
import type { ImportResult } from '../api-types';

export interface ImportSourceFields {
  sourceName: string;
  sourceLicense: string;
  collectionMethod: string;
  containsPersonalInfo: boolean;
  legalBasis: string;
  skipBadLines: boolean;
  /** Empty: the server tells the format from the file. */
  format: '' | 'jsonl' | 'json' | 'csv' | 'tsv';
}

/**
 * Uploads a task file with its source description. XMLHttpRequest rather than fetch because only it reports
 * upload progress. The text fields go first and the file last, as the server reads the parts in order.
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
  form.append('file', file, file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/projects/${encodeURIComponent(projectId)}/imports`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((JSON.parse(xhr.responseText) as { import: ImportResult }).import);
        } catch {
          reject(new ApiError(xhr.status, 'bad_response', xhr.responseText.slice(0, 200)));
        }
      } else {
        reject(parseError(xhr.status, xhr.statusText, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'upload aborted'));
    xhr.send(form);
  });
}
