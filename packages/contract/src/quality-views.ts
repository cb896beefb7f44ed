import type { IsoDateTime } from './iso-date.js';
import type { ResultEntry, ResultItem } from './result.js';

/**
 * What the quality API sends (docs/quality-workflow.md): review, rejections, gold accuracy and pauses, the quality
 * report, adjudication and ISO 2859-1 lots. Core's use cases return these shapes; the web app reads them.
 */

/** A proportion with its Wilson score interval (95% unless said otherwise). */
export interface ProportionInterval {
  successes: number;
  trials: number;
  /** successes / trials (0 when trials is 0). */
  proportion: number;
  low: number;
  high: number;
}

// --- review

/** `all`: every unreviewed answer, oldest first; `sample`: the policy's share of them; `low_confidence`: least certain aggregate first. */
export type ReviewMode = 'all' | 'sample' | 'low_confidence';

export type ReviewAction = 'accept' | 'reject' | 'correct';
/** `open`: a rejection waiting for the annotator; `resubmitted`: they fixed it; `final` for accept and correct. */
export type ReviewState = 'open' | 'resubmitted' | 'final';

/** One answer waiting for review. */
export interface ReviewQueueItem {
  annotationId: number;
  taskId: number;
  data: Record<string, unknown>;
  result: ResultItem[];
  annotator: { id: number | null; email: string | null };
  createdAt: IsoDateTime;
  /** Aggregate confidence of the task, when an aggregation ran. */
  confidence: number | null;
  /** When this answer was fixed after a rejection: that rejection. */
  previousRejection: { reasonCode: string | null; comment: string } | null;
}

/** `GET /projects/:id/review-queue`: the first page of the queue and how many wait in all. */
export interface ReviewQueue {
  items: ReviewQueueItem[];
  pending: number;
  mode: ReviewMode;
}

/** `POST /annotations/:id/review`: the verdict stored. */
export interface ReviewOutcome {
  review: { id: number; annotationId: number; action: ReviewAction; state: ReviewState; createdAt: IsoDateTime };
}

/** `POST /annotations/:id/resubmit`: the fixed answer, now at its next revision. */
export interface ResubmitOutcome {
  annotation: { id: number; taskId: number; revision: number; updatedAt: IsoDateTime };
}

/** One of the caller's answers a reviewer sent back, with the reason. */
export interface RejectionView {
  reviewId: number;
  annotationId: number;
  taskId: number;
  data: Record<string, unknown>;
  result: ResultItem[];
  reasonCode: string | null;
  comment: string;
  rejectedAt: IsoDateTime;
}

/** `GET /annotations/:id/history`: an answer's earlier results and its reviews, oldest first. */
export interface AnnotationHistory {
  annotationId: number;
  result: ResultItem[];
  revisions: { revision: number; result: ResultItem[]; reviewId: number; replacedAt: IsoDateTime }[];
  reviews: {
    id: number;
    action: ReviewAction;
    reasonCode: string | null;
    comment: string;
    correctedResult: ResultItem[] | null;
    state: ReviewState;
    reviewerId: number;
    createdAt: IsoDateTime;
  }[];
}

// --- adjudication

/** A task whose answers disagree, with every answer side by side. */
export interface DisagreementView {
  taskId: number;
  data: Record<string, unknown>;
  /** Share of answers that agree with the most common answer (over all controls together). */
  agreement: number;
  answers: { annotationId: number; userId: number | null; email: string | null; result: ResultItem[] }[];
  /** The adjudicated answer, when one was set. */
  adjudicated: ResultItem[] | null;
}

/** `POST /tasks/:id/adjudicate`: the task's aggregate, now the adjudicated answer. */
export interface AdjudicationOutcome {
  aggregate: { taskId: number; method: 'adjudicated'; confidence: 1; result: ResultEntry[]; labels: Record<string, string[]> };
}

// --- gold accuracy and pauses

/** A worker's accuracy on a project's hidden gold tasks, and whether the pause rule holds them. */
export interface WorkerGoldAccuracy extends ProportionInterval {
  /** The worker's user id; hidden (null) from clients. */
  userId: number | null;
  /** The worker's pseudonym in this project (`worker-3`), the name a client's exports use too. */
  worker: string;
  /** The worker's email; hidden (null) from clients. */
  email: string | null;
  paused: boolean;
}

/** `GET /projects/:id/my-quality`: the caller's own gold accuracy. */
export interface MyGoldAccuracy extends ProportionInterval {
  paused: boolean;
}

/** A worker paused now by the gold-accuracy rule. */
export interface PauseView {
  id: number;
  userId: number;
  /** Null for a phone-only worker. */
  email: string | null;
  accuracy: number;
  goldAnswers: number;
  pausedAt: IsoDateTime;
}

// --- quality report

export interface ControlReport {
  control: string;
  /** Answers counted (non-gold tasks). */
  answers: number;
  /** Tasks with two or more answers (the units agreement is measured on). */
  sharedTasks: number;
  percentAgreement: number | null;
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  /**
   * Worker answers against the reference answer (the gold answer on gold tasks, the aggregate elsewhere):
   * `matrix[i][j]` = answers `labels[j]` where the reference is `labels[i]`.
   */
  confusion: { labels: string[]; matrix: number[][] };
}

/**
 * Agreement of a span (`labels`) control: micro-averaged pairwise F1 between annotators, 2 x matched spans / all
 * spans of both, over every pair of annotators of every task with two or more answers; exactly (same start, end and
 * label) and by token overlap (same label, token IoU at least `overlapThreshold`). Null without a shared task.
 */
export interface SpanAgreementReport {
  control: string;
  /** Answers counted (non-gold tasks). */
  answers: number;
  sharedTasks: number;
  /** Annotator pairs compared over all shared tasks. */
  pairs: number;
  f1Exact: number | null;
  f1Overlap: number | null;
  overlapThreshold: number;
  /** The same F1 counting only the spans of one label; `spans`: how many spans of it the answers hold. */
  perLabel: { label: string; spans: number; f1Exact: number | null; f1Overlap: number | null }[];
}

/** How well annotators' boxes of a rectangles control agree (pairs of annotators on the same image). */
export interface BoxAgreementReport {
  control: string;
  /** Answers counted (non-gold tasks). */
  answers: number;
  /** Tasks with two or more answers. */
  sharedTasks: number;
  pairs: number;
  /** 2 x matched boxes (same label, IoU >= threshold) / all boxes of both, pooled over pairs; null without pairs. */
  f1: number | null;
  /** Mean IoU of the matched boxes; null when none matched. */
  meanIou: number | null;
  threshold: number;
  /** The same F1 counting only the boxes of one label; `boxes`: how many boxes of it the answers hold. */
  perLabel: { label: string; boxes: number; f1: number | null }[];
}

/** How far apart the ratings of a rating control are. */
export interface RatingSpreadReport {
  control: string;
  maxRating: number;
  answers: number;
  /** Tasks with two or more ratings. */
  sharedTasks: number;
  /** Mean interquartile range of the shared tasks' ratings (0 = every task agreed). */
  meanIqr: number | null;
  /** Shared tasks whose lowest and highest rating are two or more apart. */
  disputedTasks: number;
  /** Krippendorff's alpha with the interval metric over the ratings. */
  krippendorffAlpha: number | null;
  /** `distribution[r - 1]`: ratings of r. */
  distribution: number[];
}

/** Pairwise preferences (a pairwise control, or a ranking read as the pairs it orders) fitted by Bradley-Terry. */
export interface PreferenceReport {
  control: string;
  kind: 'pairwise' | 'ranking';
  /** Left/right/tie judgements fitted (a ranking of k items gives k(k-1)/2). */
  judgements: number;
  tasks: number;
  /** Share of judgements that were ties, and Davidson's tie parameter nu. */
  ties: { share: number; nu: number };
  /**
   * Share of decided judgements won by the side shown first (left), and the fitted factor theta by which being on
   * the left multiplies an item's strength (1 = no bias).
   */
  positionBias: { leftWinShare: number; theta: number };
  /**
   * Which fit the tie and position figures come from: `items`, the fit over the named items below (many judgements
   * per item hold theta well), or `tasks`, the fit where each task's sides are items of their own (no names).
   */
  fittedOver: 'items' | 'tasks';
  /**
   * Log-strengths of the compared items across tasks, strongest first: a pair's sides named in the task data
   * (`<field>_source`), a ranking's item ids. Empty when the sides are not named.
   */
  items: { item: string; strength: number; wins: number; losses: number; ties: number }[];
  converged: boolean;
}

/** `GET /projects/:id/quality`. */
export interface QualityReport {
  controls: ControlReport[];
  /** One per span (`labels`) control with answers. */
  spans: SpanAgreementReport[];
  /** One per rectangles control with answers. */
  boxes: BoxAgreementReport[];
  /** One per rating control with answers. */
  ratings: RatingSpreadReport[];
  /** One per pairwise or ranking control with judgements. */
  preferences: PreferenceReport[];
  /** Aggregate confidences in ten bins [0, 0.1), ... [0.9, 1]. */
  confidenceHistogram: number[];
  aggregates: { total: number; byMethod: Record<string, number> };
  reviews: { accepted: number; rejected: number; corrected: number; awaitingFix: number };
}

// --- lots (ISO 2859-1)

export type LotStatus = 'inspecting' | 'accepted' | 'rejected';

export interface LotSummary {
  id: number;
  projectId: number;
  name: string;
  aql: string;
  inspectionLevel: string;
  codeLetter: string;
  planLetter: string;
  lotSize: number;
  sampleSize: number;
  /** Items to inspect: n, or the whole lot (100% inspection). */
  toInspect: number;
  fullInspection: boolean;
  ac: number;
  re: number;
  seed: number;
  status: LotStatus;
  inspected: number;
  defects: number;
  /** The accuracy clause: passes among inspected items with a Wilson 95% interval; a separate check from Ac/Re. */
  accuracy: ProportionInterval & { required: number | null; meets: boolean | null; meetsWithConfidence: boolean | null };
  createdAt: IsoDateTime;
  decidedAt: IsoDateTime | null;
  /** `by`: who signed off; a client sees it only when it was them (null otherwise). */
  signoff: { by: number | null; at: IsoDateTime; decision: string; comment: string } | null;
}

export interface LotSampleItem {
  taskId: number;
  position: number;
  data: Record<string, unknown>;
  /** The delivered answer: the task's aggregate when there is one, else its answers. */
  delivered: { source: 'aggregate' | 'answers'; method: string | null; results: ResultItem[][] };
  verdict: 'pass' | 'defect' | null;
  defectReason: string | null;
  /** Who inspected the item; a client sees it only when it was them. */
  inspectedBy: number | null;
  inspectedAt: IsoDateTime | null;
}

/** `GET /lots/:id`: a lot with its sampled items in draw order. */
export interface LotDetail {
  lot: LotSummary;
  sample: LotSampleItem[];
}
