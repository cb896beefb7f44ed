import type { ExportedTask } from './exported-tasks.js';
import type { AnswerSource, FinalAnswer } from './final-answer.js';

/** The fields every training-format record carries beside its content: which task and which answer it comes from. */
export interface RecordMeta {
  task_id: number;
  external_id: string | null;
  answer_source: AnswerSource;
  /** The answer the record comes from (the corrected one for `review`); null for gold, adjudication and aggregate. */
  annotation_id: number | string | null;
  /** Who gave that answer, as this reader may see them (email for staff, `worker-<n>` for a client). */
  annotator: unknown;
}

export function recordMeta(task: ExportedTask, answer: FinalAnswer): RecordMeta {
  const a = answer.annotation;
  const ownAnswer = answer.source === 'single' || answer.source === 'annotator';
  return {
    task_id: task.id,
    external_id: task.external_id ?? null,
    answer_source: answer.source,
    annotation_id: a?.id ?? null,
    annotator: ownAnswer && a !== null ? (typeof a.completed_by_email === 'string' ? a.completed_by_email : (a.completed_by ?? null)) : null,
  };
}
