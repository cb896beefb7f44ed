import type { AssignmentView, ClaimMode, NoTaskReason, Progress } from '@biaozhu/contract';

export type { AssignmentView, ClaimMode, NoTaskReason, Progress };

export type ClaimOutcome = { assignment: AssignmentView; progress: Progress } | { reason: NoTaskReason; progress: Progress };
