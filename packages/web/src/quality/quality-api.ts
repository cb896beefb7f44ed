import type {
  LabelConfig,
  LotDetail,
  LotSummary,
  MyGoldAccuracy,
  QualityPolicy,
  QualityReport,
  RejectionView,
  ResubmitOutcome,
  ResultEntry,
  ResultItem,
  ReviewAction,
  ReviewMode,
  ReviewOutcome,
  ReviewQueue,
  WorkerGoldAccuracy,
} from '@biaozhu/contract';
import { isRelationItem } from '@biaozhu/contract';
import { json as call } from '../api';

/**
 * The quality API (see docs/quality-workflow.md); its response shapes come from @biaozhu/contract, except the
 * aggregation job's, which is declared here until the job view moves to the contract.
 */
export interface Job {
  id: number;
  status: string;
  progress: number;
  result: {
    method?: string;
    tasks?: number;
    goldAnchoring?: Array<{ control: string; anchored: boolean; heldOut: { anchored: number; plain: number; total: number } }>;
    /** Span, rating, pairwise and ranking controls: the method used and the tasks combined. */
    otherControls?: Array<{ control: string; type: string; method: string; tasks: number; skipped: number }>;
    /** A failed run's error code and details (the job runner keeps them beside the message). */
    code?: string;
    details?: Record<string, unknown>;
  } | null;
  error: string | null;
}

export const REJECT_REASONS = ['wrong_label', 'missed_item', 'guideline_violation', 'low_effort', 'other'] as const;
export const METHODS = ['auto', 'mv', 'wawa', 'ds', 'onecoin', 'glad', 'mace'] as const;
export const AQLS = ['0.65', '1.0', '1.5', '2.5', '4.0', '6.5'] as const;

const p = (id: string | number) => encodeURIComponent(String(id));

export const qualityApi = {
  project: (id: string) => call<{ project: { id: string; name: string; labelConfig: LabelConfig } }>('GET', `/projects/${p(id)}`).then((r) => r.project),
  reviewQueue: (id: string, mode: ReviewMode) => call<ReviewQueue>('GET', `/projects/${p(id)}/review-queue?mode=${mode}&limit=20`),
  review: (annotationId: number, body: { action: ReviewAction; reasonCode?: string; comment?: string; result?: ResultEntry[] }) =>
    call<ReviewOutcome>('POST', `/annotations/${p(annotationId)}/review`, body),
  myRejections: (id: string) => call<{ rejections: RejectionView[] }>('GET', `/projects/${p(id)}/my-rejections`).then((r) => r.rejections),
  resubmit: (annotationId: number, result: ResultEntry[]) => call<ResubmitOutcome>('POST', `/annotations/${p(annotationId)}/resubmit`, { result }),
  myQuality: (id: string) => call<{ gold: MyGoldAccuracy }>('GET', `/projects/${p(id)}/my-quality`).then((r) => r.gold),
  report: (id: string) => call<QualityReport>('GET', `/projects/${p(id)}/quality`),
  goldAccuracy: (id: string) => call<{ workers: WorkerGoldAccuracy[] }>('GET', `/projects/${p(id)}/gold-accuracy`).then((r) => r.workers),
  unpause: (id: string, userId: number) => call<{ unpaused: true }>('POST', `/projects/${p(id)}/workers/${p(userId)}/unpause`, {}),
  policy: (id: string) => call<{ policy: QualityPolicy }>('GET', `/projects/${p(id)}/quality-policy`).then((r) => r.policy),
  savePolicy: (id: string, policy: QualityPolicy) => call<{ policy: QualityPolicy }>('PUT', `/projects/${p(id)}/quality-policy`, { policy }).then((r) => r.policy),
  aggregate: (id: string, method: string, params: { spanMatch?: 'exact' | 'overlap' } = {}) =>
    call<{ job: Job }>('POST', `/projects/${p(id)}/aggregate`, { method, ...params }).then((r) => r.job),
  job: (jobId: number) => call<{ job: Job }>('GET', `/jobs/${p(jobId)}`).then((r) => r.job),
  lots: (id: string) => call<{ lots: LotSummary[] }>('GET', `/projects/${p(id)}/lots`).then((r) => r.lots),
  cutLot: (id: string, aql: string, name: string) => call<{ lot: LotSummary }>('POST', `/projects/${p(id)}/lots`, { aql, name }).then((r) => r.lot),
  lot: (lotId: number) => call<LotDetail>('GET', `/lots/${p(lotId)}`),
  inspect: (lotId: number, taskId: number, verdict: 'pass' | 'defect', reason?: string) =>
    call<{ lot: LotSummary }>('POST', `/lots/${p(lotId)}/items/${p(taskId)}/inspect`, { verdict, ...(reason ? { reason } : {}) }).then((r) => r.lot),
  signOff: (lotId: number, decision: 'accept' | 'reject', comment: string) => call<{ lot: LotSummary }>('POST', `/lots/${p(lotId)}/sign-off`, { decision, comment }).then((r) => r.lot),
  aggregatesUrl: (id: string, format: 'jsonl' | 'csv') => `/api/projects/${p(id)}/aggregates?format=${format}`,
};

/** A task's data as plain text (task data is untrusted: shown as text, never as HTML). */
export function dataText(data: Record<string, unknown>): string {
  const text = data.text;
  return typeof text === 'string' ? text : JSON.stringify(data);
}

/** What the page calls a control: the label its author gave it (often in both languages), else its name. */
export function controlLabel(config: LabelConfig | null | undefined, name: string): string {
  const label = config?.controls.find((c) => c.name === name)?.label;
  return typeof label === 'string' && label !== '' ? label : name;
}

/**
 * "positive" or "a; b" for each choices item of a result, after its control's label when `config` is given (else
 * its name); other items are shown by their control alone.
 */
export function resultText(result: ResultEntry[], config?: LabelConfig | null): string {
  return result
    .filter((r): r is ResultItem => !isRelationItem(r))
    .map((r) => `${controlLabel(config, r.from_name)}: ${(r.value as { choices?: string[] }).choices?.join('; ') ?? ''}`)
    .join(' · ');
}
