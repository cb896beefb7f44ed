import type { ResultEntry } from '@biaozhu/label-types';

/**
 * Wire types of the annotator loop (`GET /api/projects/{id}/next`), shared by the server and the web workspace.
 * docs/api.md describes the contract.
 */

/** Why a worker got no task: shown to them, and sent as the `x-biaozhu-reason` header of the 204. */
export type NoTaskReason = 'all_done' | 'held_by_others' | 'cap_reached' | 'not_eligible' | 'paused';

/** A leased task as the annotator receives it. */
export interface AssignmentView {
  id: number;
  taskId: number;
  projectId: number;
  data: Record<string, unknown>;
  /** ISO date-time when the lease runs out unless a heartbeat extends it. */
  expiresAt: string;
  guidelineVersion: number | null;
  /**
   * The task's latest prediction (imported with the task, or from a model), for the workspace to start from when the
   * worker has no draft. Absent when the task has none.
   */
  prediction?: AssignmentPrediction;
}

/** A prediction as the annotator receives it: its result items (Label Studio's shape) and where it came from. */
export interface AssignmentPrediction {
  /** Sent back with the submit (`predictionId`), so the answer records which prediction it started from. */
  id: number;
  result: ResultEntry[];
  modelVersion: string | null;
  score: number | null;
}

/** The worker's own progress in the project, sent with every claim. */
export interface Progress {
  submittedByMe: number;
  completed: number;
  total: number;
}

/**
 * `current`: the task to show now. `ahead`: a second task to keep in hand, so the workspace can show it the moment
 * the current one is submitted (a worker holds at most two live leases).
 */
export type ClaimMode = 'current' | 'ahead';
