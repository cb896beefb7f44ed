import type { ColumnType, Generated } from 'kysely';

/**
 * Tables of the quality module (gold, reviews, aggregates, lots and inspections); created by migrations/0003-quality.ts,
 * aggregates as generations since migrations/0009-aggregate-generations.ts.
 */
export interface QualityTables {
  quality_policies: QualityPolicyTable;
  worker_pauses: WorkerPauseTable;
  reviews: ReviewTable;
  review_requests: ReviewRequestTable;
  annotation_revisions: AnnotationRevisionTable;
  /** A view: the published aggregates, one per task. Written through `aggregate_rows`. */
  aggregates: AggregateView;
  aggregate_rows: AggregateRowTable;
  aggregate_generations: AggregateGenerationTable;
  lots: LotTable;
  lot_items: LotItemTable;
}

export interface QualityPolicyTable {
  project_id: number;
  /** JSON of the QualityPolicy (core/quality-work/quality-policy.ts). */
  policy: string;
  updated_by: number;
  updated_at: number;
}

export type PauseStatus = 'paused' | 'lifted';

/** A worker paused in a project by the gold-accuracy policy; a manager lifts it (audited). */
export interface WorkerPauseTable {
  id: Generated<number>;
  project_id: number;
  user_id: number;
  status: PauseStatus;
  /** The gold accuracy and the number of gold answers that triggered the pause. */
  accuracy: number;
  gold_answers: number;
  paused_at: number;
  lifted_by: number | null;
  lifted_at: number | null;
}

export type ReviewAction = 'accept' | 'reject' | 'correct';
/** `open`: a rejection waiting for the annotator; `resubmitted`: they fixed it; `final` for accept and correct. */
export type ReviewState = 'open' | 'resubmitted' | 'final';

export interface ReviewTable {
  id: Generated<number>;
  project_id: number;
  task_id: number;
  annotation_id: number;
  annotator_id: number | null;
  reviewer_id: number;
  action: ReviewAction;
  reason_code: string | null;
  comment: string;
  /** For `correct`: the reviewer's result (JSON of Label Studio result items). */
  corrected_result: string | null;
  state: ReviewState;
  created_at: number;
  resolved_at: number | null;
}

/** An answer a manager sent to review (migration 0023): the review queue shows it first. */
export interface ReviewRequestTable {
  annotation_id: number;
  project_id: number;
  requested_by: number;
  requested_at: number;
}

/** The earlier results of an annotation that was fixed after a rejection (the annotation row holds the latest). */
export interface AnnotationRevisionTable {
  id: Generated<number>;
  annotation_id: number;
  /** 1 for the first (original) result, and so on. */
  revision: number;
  result: string;
  /** The rejection that sent it back. */
  review_id: number;
  replaced_at: number;
}

/** A column of a view: read, never written. */
type ViewColumn<T> = ColumnType<T, never, never>;

/**
 * The combined answer of a task as readers see it: the view `aggregates` shows, per task, its adjudicated answer
 * (`adjudicated`, set by a reviewer) or else its row in the project's current generation (from an aggregation job).
 */
export interface AggregateView {
  task_id: ViewColumn<number>;
  project_id: ViewColumn<number>;
  /** JSON of Label Studio result items. */
  result: ViewColumn<string>;
  /** JSON object control name -> chosen choices. */
  labels: ViewColumn<string>;
  confidence: ViewColumn<number>;
  method: ViewColumn<string>;
  job_id: ViewColumn<number | null>;
  decided_by: ViewColumn<number | null>;
  updated_at: ViewColumn<number>;
  /** JSON object control name -> what a span, rating or preference aggregate rests on; null for choices and adjudicated answers. */
  details: ViewColumn<string | null>;
}

/** Generation of an adjudicated answer: it belongs to no run and is always visible. */
export const ADJUDICATED_GENERATION = 0;

/** The stored aggregates of every generation (see AggregateView for the visible ones). */
export interface AggregateRowTable {
  task_id: number;
  /** aggregate_generations.id, or ADJUDICATED_GENERATION. */
  generation: number;
  project_id: number;
  result: string;
  labels: string;
  confidence: number;
  method: string;
  job_id: number | null;
  decided_by: number | null;
  updated_at: number;
  /** JSON object control name -> details of a span, rating or preference aggregate (migration 0016); null otherwise. */
  details: ColumnType<string | null, string | null | undefined, string | null>;
}

/** `staging`: rows are being written; `current`: the one readers see; `retired`: replaced, its rows being deleted. */
export type AggregateGenerationStatus = 'staging' | 'current' | 'retired';

/** One run's set of aggregates of a project. */
export interface AggregateGenerationTable {
  id: Generated<number>;
  project_id: number;
  job_id: number | null;
  /** The job runner writing it; a staging generation whose job this runner no longer holds is abandoned. */
  runner: string | null;
  status: AggregateGenerationStatus;
  created_at: number;
  published_at: number | null;
}

export type LotStatus = 'inspecting' | 'accepted' | 'rejected';

/** A delivery batch and its ISO 2859-1 single sampling plan. */
export interface LotTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  /** AQL as written in the table header, e.g. `2.5`. */
  aql: string;
  inspection_level: string;
  code_letter: string;
  lot_size: number;
  sample_size: number;
  accept_number: number;
  reject_number: number;
  seed: number;
  /** The contract's accuracy clause (e.g. 0.95), reported beside the AQL verdict. */
  required_accuracy: number | null;
  status: LotStatus;
  created_by: number;
  created_at: number;
  decided_at: number | null;
  signoff_by: number | null;
  signoff_at: number | null;
  signoff_decision: string | null;
  signoff_comment: string | null;
  /** 1 while the cut is still writing the lot's items: the lot is hidden until then. */
  cutting: Generated<number>;
}

export type InspectionVerdict = 'pass' | 'defect';

export interface LotItemTable {
  lot_id: number;
  task_id: number;
  /** Position in the seeded draw when sampled, else null. */
  sample_position: number | null;
  verdict: InspectionVerdict | null;
  defect_reason: string | null;
  inspected_by: number | null;
  inspected_at: number | null;
}
