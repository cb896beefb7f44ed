/**
 * Response bodies of the model-assistance API (`/api/projects/{id}/ml-backend...`, `/api/projects/{id}/model-assistance`):
 * a project's ML backend settings, a connection test, a prediction job, and what answers kept of predictions.
 * docs/ml-backends.md describes them.
 */

/** The Label Studio-compatible ML backend a project is connected to. */
export interface MlBackendSettings {
  url: string;
  /** Tasks per `/predict` call. */
  batchSize: number;
  /** One call's time limit, in seconds. */
  timeoutSeconds: number;
  updatedAt: string;
}

/** One step of a connection test: what the backend answered, or the error that stopped it. */
export interface MlTestStep {
  ok: boolean;
  /** The backend's answer (`/health`: its status and details; `/setup`: the model version). */
  answer: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  ms: number;
}

/** `POST .../ml-backend/test`: `/health`, then `/setup` with the project's config as Label Studio XML. */
export interface MlTestResult {
  url: string;
  health: MlTestStep;
  /** Absent when /health already failed. */
  setup: MlTestStep | null;
}

/** A `predict` job of a project (pre-annotation by its ML backend). */
export interface PredictionJobView {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  mode: 'missing' | 'all';
  modelVersion: string | null;
  /** Tasks handled so far and to handle in all. */
  done: number;
  total: number;
  /** Predictions stored (a task the backend answered with an empty result stores none). */
  written: number;
  batches: number;
  error: string | null;
  errorCode: string | null;
  errorDetails: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

/** How answers that started from one model version's predictions changed them. */
export interface ModelAssistanceRow {
  modelVersion: string | null;
  /** Annotations that started from a prediction of this version. */
  annotations: number;
  /** Share of them submitted exactly as predicted. */
  keptUnchangedShare: number;
  /** Per annotation, on average: regions kept, moved, added, removed; choices kept and changed. */
  meanKept: number;
  meanMoved: number;
  meanAdded: number;
  meanRemoved: number;
  meanChoicesKept: number;
  meanChoicesChanged: number;
}

export interface ModelAssistanceReport {
  projectId: number;
  versions: ModelAssistanceRow[];
}
