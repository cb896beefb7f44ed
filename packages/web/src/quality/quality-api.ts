import type { LabelConfig, ResultItem } from '@biaozhu/contract';
import { json as call } from '../api';

/** Types of the quality API (see docs/quality-workflow.md). */
export interface ReviewItem {
  annotationId: number;
  taskId: number;
  data: Record<string, unknown>;
  result: ResultItem[];
  annotator: { id: number | null; email: string | null };
  createdAt: string;
  confidence: number | null;
  previousRejection: { reasonCode: string | null; comment: string } | null;
}
export type ReviewMode = 'all' | 'sample' | 'low_confidence';
export interface Rejection {
  reviewId: number;
  annotationId: number;
  taskId: number;
  data: Record<string, unknown>;
  result: ResultItem[];
  reasonCode: string | null;
  comment: string;
  rejectedAt: string;
}
export interface WorkerAccuracy {
  userId: number;
  email: string | null;
  paused: boolean;
  successes: number;
  trials: number;
  proportion: number;
  low: number;
  high: number;
}
export interface ControlReport {
  control: string;
  answers: number;
  sharedTasks: number;
  percentAgreement: number | null;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  confusion: { labels: string[]; matrix: number[][] };
}
export interface QualityReport {
  controls: ControlReport[];
  confidenceHistogram: number[];
  aggregates: { total: number; byMethod: Record<string, number> };
  reviews: { accepted: number; rejected: number; corrected: number; awaitingFix: number };
}
export interface Lot {
  id: number;
  name: string;
  aql: string;
  inspectionLevel: string;
  codeLetter: string;
  planLetter: string;
  lotSize: number;
  sampleSize: number;
  toInspect: number;
  fullInspection: boolean;
  ac: number;
  re: number;
  seed: number;
  status: 'inspecting' | 'accepted' | 'rejected';
  inspected: number;
  defects: number;
  accuracy: { proportion: number; low: number; high: number; required: number | null; meets: boolean | null; meetsWithConfidence: boolean | null };
  signoff: { by: number; at: string; decision: string; comment: string } | null;
}
export interface LotSampleItem {
  taskId: number;
  position: number;
  data: Record<string, unknown>;
  delivered: { source: 'aggregate' | 'answers'; method: string | null; results: ResultItem[][] };
  verdict: 'pass' | 'defect' | null;
  defectReason: string | null;
}
export interface Job {
  id: number;
  status: string;
  progress: number;
  result: {
    method?: string;
    tasks?: number;
    goldAnchoring?: Array<{ control: string; anchored: boolean; heldOut: { anchored: number; plain: number; total: number } }>;
  } | null;
  error: string | null;
}
export interface QualityPolicy {
  pauseBelow: number | null;
  minGold: number;
  reviewSampleRate: number;
  requiredAccuracy: number | null;
}

export const REJECT_REASONS = ['wrong_label', 'missed_item', 'guideline_violation', 'low_effort', 'other'] as const;
export const METHODS = ['auto', 'mv', 'wawa', 'ds', 'onecoin', 'glad', 'mace'] as const;
export const AQLS = ['0.65', '1.0', '1.5', '2.5', '4.0', '6.5'] as const;

const p = (id: string | number) => encodeURIComponent(String(id));

export const qualityApi = {
  project: (id: string) => call<{ project: { id: string; name: string; labelConfig: LabelConfig } }>('GET', `/projects/${p(id)}`).then((r) => r.project),
  reviewQueue: (id: string, mode: ReviewMode) => call<{ items: ReviewItem[]; pending: number }>('GET', `/projects/${p(id)}/review-queue?mode=${mode}&limit=20`),
  review: (annotationId: number, body: { action: 'accept' | 'reject' | 'correct'; reasonCode?: string; comment?: string; result?: ResultItem[] }) =>
    call<{ review: { id: number } }>('POST', `/annotations/${p(annotationId)}/review`, body),
  myRejections: (id: string) => call<{ rejections: Rejection[] }>('GET', `/projects/${p(id)}/my-rejections`).then((r) => r.rejections),
  resubmit: (annotationId: number, result: ResultItem[]) => call<{ annotation: { id: number } }>('POST', `/annotations/${p(annotationId)}/resubmit`, { result }),
  myQuality: (id: string) => call<{ gold: { successes: number; trials: number; proportion: number; low: number; high: number; paused: boolean } }>('GET', `/projects/${p(id)}/my-quality`).then((r) => r.gold),
  report: (id: string) => call<QualityReport>('GET', `/projects/${p(id)}/quality`),
  goldAccuracy: (id: string) => call<{ workers: WorkerAccuracy[] }>('GET', `/projects/${p(id)}/gold-accuracy`).then((r) => r.workers),
  unpause: (id: string, userId: number) => call<{ unpaused: boolean }>('POST', `/projects/${p(id)}/workers/${p(userId)}/unpause`, {}),
  policy: (id: string) => call<{ policy: QualityPolicy }>('GET', `/projects/${p(id)}/quality-policy`).then((r) => r.policy),
  savePolicy: (id: string, policy: QualityPolicy) => call<{ policy: QualityPolicy }>('PUT', `/projects/${p(id)}/quality-policy`, { policy }).then((r) => r.policy),
  aggregate: (id: string, method: string) => call<{ job: Job }>('POST', `/projects/${p(id)}/aggregate`, { method }).then((r) => r.job),
  job: (jobId: number) => call<{ job: Job }>('GET', `/jobs/${p(jobId)}`).then((r) => r.job),
  lots: (id: string) => call<{ lots: Lot[] }>('GET', `/projects/${p(id)}/lots`).then((r) => r.lots),
  cutLot: (id: string, aql: string, name: string) => call<{ lot: Lot }>('POST', `/projects/${p(id)}/lots`, { aql, name }).then((r) => r.lot),
  lot: (lotId: number) => call<{ lot: Lot; sample: LotSampleItem[] }>('GET', `/lots/${p(lotId)}`),
  inspect: (lotId: number, taskId: number, verdict: 'pass' | 'defect', reason?: string) =>
    call<{ lot: Lot }>('POST', `/lots/${p(lotId)}/items/${p(taskId)}/inspect`, { verdict, ...(reason ? { reason } : {}) }).then((r) => r.lot),
  signOff: (lotId: number, decision: 'accept' | 'reject', comment: string) => call<{ lot: Lot }>('POST', `/lots/${p(lotId)}/sign-off`, { decision, comment }).then((r) => r.lot),
  aggregatesUrl: (id: string, format: 'jsonl' | 'csv') => `/api/projects/${p(id)}/aggregates?format=${format}`,
};

/** A task's data as plain text (task data is untrusted: shown as text, never as HTML). */
export function dataText(data: Record<string, unknown>): string {
  const text = data.text;
  return typeof text === 'string' ? text : JSON.stringify(data);
}

/** "positive" or "a; b" for each control of a result. */
export function resultText(result: ResultItem[]): string {
  return result.map((r) => `${r.from_name}: ${(r.value as { choices?: string[] }).choices?.join('; ') ?? ''}`).join(' · ');
}
