import type { AssignmentPolicy, AssignmentView, ClaimMode, LabelConfig, Progress, ResultEntry } from '@biaozhu/contract';

/** Shapes of the HTTP API bodies the web app reads (see DESIGN.md, HTTP API). */
export type Role = 'admin' | 'manager' | 'reviewer' | 'annotator' | 'client';

export interface User {
  id: string;
  /** Null for a phone-only account. */
  email: string | null;
  phone?: string | null;
  name: string;
  role: Role;
  /** After a password reset or with an initial password: only the change-password page is open. */
  mustChangePassword?: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface ProjectSummary {
  id: string;
  name: string;
  description: string;
  overlap: number;
  taskCount: number;
  completedCount: number;
  /** Set while the project is archived (managers still see it listed). */
  archivedAt?: string | null;
}

export interface Guideline {
  version: number;
  body: string;
}

export interface Project {
  id: string;
  name: string;
  description: string;
  labelConfig: LabelConfig;
  overlap: number;
  leaseTtlSeconds: number;
  guideline: Guideline | null;
}

/** The annotator loop's wire types live in the contract, shared with the server. */
export type { NoTaskReason, Progress } from '@biaozhu/contract';
export type Assignment = AssignmentView;
export type NextMode = ClaimMode;

export type NextResult =
  | { kind: 'assignment'; assignment: Assignment; progress: Progress }
  | { kind: 'none'; reason: string };

export interface SubmitBody {
  result: ResultEntry[];
  leadTimeMs: number;
  idempotencyKey: string;
  /** The guideline version the task was shown under, so answers can be traced to the rules they followed. */
  guidelineVersion?: number;
  /** The prediction the task opened with (the claim's `prediction.id`): the server records how much the answer changed it. */
  predictionId?: number;
}

export interface StatsCounts {
  tasks: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  annotations: number;
  skipped: number;
}

export type OnConflict = 'skip' | 'update' | 'add';

/** A record the import did not take because its task has answers or is being worked on. */
export interface RefusedRecord {
  line: number;
  externalId: string;
  taskId: number;
  reason: 'answered' | 'in_progress';
  message: string;
}

/** The answer of `POST /api/projects/:id/imports` (core's ImportSummary). */
export interface ImportResult {
  id: string;
  status: string;
  onConflict: OnConflict;
  tasksCreated: number;
  tasksUpdated: number;
  tasksUnchanged: number;
  tasksSkipped: number;
  tasksRefused: number;
  refused: RefusedRecord[];
  annotationsImported: number;
  predictionsImported: number;
  goldCreated: number;
  piiRedacted: { records: number; found: Record<string, number> };
  rowsSkipped: number;
  skipped: { line: number; message: string; code?: string; details?: Record<string, unknown> }[];
  sameFileAs: { id: number; fileName: string; createdAt: string } | null;
}

export interface ImportSummary {
  id: string;
  createdAt: string;
  fileName: string;
  status: string;
  tasksCreated: number;
  sourceName: string;
}

export type ExportFormat = 'ls-json' | 'jsonl' | 'csv' | 'ls-json-min' | 'conll' | 'preference' | 'sft';

/** `GET /api/projects/:id/assignment-policy`, and the answer of its PUT. */
export interface AssignmentPolicyState {
  overlap: number;
  leaseTtlSeconds: number;
  policy: AssignmentPolicy;
}

export interface PolicyUpdate {
  overlap?: number;
  leaseTtlSeconds?: number;
  policy: AssignmentPolicy;
}

export interface Team {
  id: number;
  name: string;
  members: number[];
}
