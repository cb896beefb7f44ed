import type { CleaningJobView, CleaningReportView, IntakeSettings } from '@biaozhu/contract';
import { json as call, postFormWithProgress } from '../api';

/** The source record fields of the upload form (sent as multipart fields). */
export interface SourceFields {
  sourceName: string;
  sourceLicense: string;
  collectionMethod: string;
  containsPersonalInfo: '' | 'true' | 'false';
  legalBasis: string;
  skipBadLines: boolean;
}

export const intakeApi = {
  settings: (projectId: string) => call<{ settings: IntakeSettings }>('GET', `/projects/${projectId}/intake-settings`).then((r) => r.settings),
  saveSettings: (projectId: string, s: Partial<IntakeSettings>) =>
    call<{ settings: IntakeSettings }>('PUT', `/projects/${projectId}/intake-settings`, s).then((r) => r.settings),
  jobs: (projectId: string) => call<{ jobs: CleaningJobView[] }>('GET', `/projects/${projectId}/cleaning-jobs`).then((r) => r.jobs),
  job: (jobId: number | string) => call<{ job: CleaningJobView }>('GET', `/cleaning-jobs/${jobId}`).then((r) => r.job),
  cancel: (jobId: number) => call<{ job: CleaningJobView }>('POST', `/cleaning-jobs/${jobId}/cancel`).then((r) => r.job),
  report: (jobId: number | string) => call<{ report: CleaningReportView }>('GET', `/cleaning-jobs/${jobId}/report`).then((r) => r.report),
};

/**
 * Uploads a file with its pipeline, source record and column mapping (`{text: "review"}`, as the project import
 * takes it), reporting upload progress. Fields go before the file.
 */
export function uploadForCleaning(
  projectId: string,
  source: SourceFields,
  pipeline: string,
  file: File,
  onProgress: (fraction: number) => void,
  fieldMap: Readonly<Record<string, string>> = {},
): Promise<CleaningJobView> {
  const form = new FormData();
  form.append('pipeline', pipeline);
  if (Object.keys(fieldMap).length > 0) form.append('fieldMap', JSON.stringify(fieldMap));
  form.append('sourceName', source.sourceName);
  form.append('sourceLicense', source.sourceLicense);
  form.append('collectionMethod', source.collectionMethod);
  if (source.containsPersonalInfo) form.append('containsPersonalInfo', source.containsPersonalInfo);
  form.append('legalBasis', source.legalBasis);
  form.append('skipBadLines', String(source.skipBadLines));
  form.append('file', file, file.name);
  return postFormWithProgress(`/api/projects/${encodeURIComponent(projectId)}/cleaning-jobs`, form, onProgress).then(
    (body) => (body as { job: CleaningJobView }).job,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
