/** Why a worker got no task: shown to them, and sent as the `x-biaozhu-reason` header of the 204. */
export type NoTaskReason = 'all_done' | 'held_by_others' | 'cap_reached' | 'not_eligible' | 'paused';

export interface AssignmentView {
  id: number;
  taskId: number;
  projectId: number;
  data: Record<string, unknown>;
  expiresAt: string;
  guidelineVersion: number | null;
}

export interface Progress {
  submittedByMe: number;
  completed: number;
  total: number;
}

export type ClaimOutcome = { assignment: AssignmentView; progress: Progress } | { reason: NoTaskReason; progress: Progress };

/**
 * `current`: the task to show now. `ahead`: a second task to keep in hand, so the workspace can show it the moment
 * the current one is submitted (a worker holds at most two live leases).
 */
export type ClaimMode = 'current' | 'ahead';
