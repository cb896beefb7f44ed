import { json as call, postFormWithProgress } from '../api';

export interface IntakeSettings {
  requireCompleteSource: boolean;
  keepOriginal: boolean;
  originalKey: string;
}

export interface CleaningJob {
  id: number;
  projectId: number;
  fileName: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  phase: string | null;
  bytesTotal: number;
  bytesRead: number;
  recordsIn: number;
  recordsOut: number;
  importId: number | null;
  tasksCreated: number | null;
  attempts: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FindingExample {
  index: number;
  text: string;
  detail?: string;
}

export interface StepReport {
  step: string;
  in: number;
  out: number;
  changed: number;
  findings: Record<string, { count: number; examples: FindingExample[] }>;
  details?: Record<string, unknown>;
}

export interface CleaningReportView {
  jobId: number;
  projectId: number;
  importId: number | null;
  fileName: string;
  status: string;
  pipeline: unknown;
  report: {
    textField: string;
    input: number;
    output: number;
    dropped: number;
    missingText: number;
    durationMs: number;
    badLines: number;
    skippedLines: { line: number; message: string }[];
    keptOriginal: boolean;
    originalKey: string | null;
    steps: StepReport[];
  };
}

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
  jobs: (projectId: string) => call<{ jobs: CleaningJob[] }>('GET', `/projects/${projectId}/cleaning-jobs`).then((r) => r.jobs),
  job: (jobId: number | string) => call<{ job: CleaningJob }>('GET', `/cleaning-jobs/${jobId}`).then((r) => r.job),
  cancel: (jobId: number) => call<{ job: CleaningJob }>('POST', `/cleaning-jobs/${jobId}/cancel`).then((r) => r.job),
  report: (jobId: number | string) => call<{ report: CleaningReportView }>('GET', `/cleaning-jobs/${jobId}/report`).then((r) => r.report),
};

/** Uploads a file with its pipeline and source record, reporting upload progress. Fields go before the file. */
export function uploadForCleaning(
  projectId: string,
  source: SourceFields,
  pipeline: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<CleaningJob> {
  const form = new FormData();
  form.append('pipeline', pipeline);
  form.append('sourceName', source.sourceName);
  form.append('sourceLicense', source.sourceLicense);
  form.append('collectionMethod', source.collectionMethod);
  if (source.containsPersonalInfo) form.append('containsPersonalInfo', source.containsPersonalInfo);
  form.append('legalBasis', source.legalBasis);
  form.append('skipBadLines', String(source.skipBadLines));
  form.append('file', file, file.name);
  return postFormWithProgress(`/api/projects/${encodeURIComponent(projectId)}/cleaning-jobs`, form, onProgress).then(
    (body) => (body as { job: CleaningJob }).job,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
