import type { Generated } from 'kysely';

/** Tables of model assistance (core/src/ml): a project's ML backend, its prediction runs, and what answers kept of predictions. Migration 0022. */
export interface MlTables {
  project_ml_backends: ProjectMlBackendTable;
  ml_prediction_runs: MlPredictionRunTable;
  annotation_assists: AnnotationAssistTable;
}

/** The Label Studio-compatible ML backend a project is connected to; a project without a row has none. */
export interface ProjectMlBackendTable {
  project_id: number;
  url: string;
  /** Tasks sent per `/predict` call. */
  batch_size: number;
  /** How long one call may take before the job stops with a timeout. */
  timeout_ms: number;
  /** Predictions the project's runs have written (the claim reads it to know the project has predictions). */
  predictions_written: Generated<number>;
  /** The project's latest prediction job. */
  last_job_id: number | null;
  updated_by: number;
  updated_at: number;
}

/** One `predict` job's cursor and counts, written in the transaction of each batch it stores (so a resume continues after it). */
export interface MlPredictionRunTable {
  job_id: number;
  project_id: number;
  /** `missing`: tasks without a prediction of the model version; `all`: every task (its prediction of that version replaced). */
  mode: 'missing' | 'all';
  /** The model version /setup named (predictions may carry their own). */
  model_version: string | null;
  /** Tasks with an id above this one are still to do. */
  after_task_id: number;
  total: number;
  done: number;
  /** Predictions stored (tasks the backend answered with an empty result store none). */
  written: number;
  batches: number;
  created_by: number;
  created_at: number;
  updated_at: number;
}

/**
 * An annotation that started from a prediction: which one, and how far the answer moved from it (core/src/ml/prediction-changes.ts).
 * Written in the submit's transaction; `unchanged` is 1 when the answer is the prediction as it was.
 */
export interface AnnotationAssistTable {
  annotation_id: number;
  project_id: number;
  task_id: number;
  prediction_id: number;
  model_version: string | null;
  kept: number;
  moved: number;
  added: number;
  removed: number;
  choices_kept: number;
  choices_changed: number;
  unchanged: number;
  created_at: number;
}
