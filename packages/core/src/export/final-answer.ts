import type { ExportedAnnotation } from './exported-tasks.js';

/**
 * Where a task's exported answer comes from (the `answer_source` field of the training formats):
 * - `gold`: the known answer of a gold task;
 * - `review`: a reviewer's correction of an answer (reviews with action `correct`);
 * - `adjudication`: a reviewer settled the task (the aggregates view's row with method `adjudicated`);
 * - `aggregate`: the combined answer of the project's current aggregation run (the aggregates view);
 * - `single`: the task's only answer, nobody decided anything else;
 * - `annotator`: one of several answers, when nothing above decides the task (each answer is exported).
 */
export type AnswerSource = 'gold' | 'review' | 'adjudication' | 'aggregate' | 'single' | 'annotator';

/** An answer made in a project, with its review (exported-tasks.ts). */
export interface ReviewedAnswer {
  annotation: ExportedAnnotation;
  /** Epoch ms, for ordering. */
  createdAt: number;
}

/** Everything that can decide a task's answer, read from the export's snapshot. */
export interface AnswerCandidates {
  /** The known answer's result items of a gold task. */
  gold: unknown[] | null;
  /** The aggregates view's row: the adjudicated answer if any, else the current generation's. */
  aggregate: { method: string; result: unknown[]; labels: Record<string, unknown>; at: number } | null;
  answers: ReviewedAnswer[];
}

/** The answer a format writes for a task. */
export interface FinalAnswer {
  source: AnswerSource;
  result: unknown[];
  /** The answer this comes from: the corrected one for `review`, the answer itself for `single` and `annotator`. */
  annotation: ExportedAnnotation | null;
  /** When it was decided (the correction or the aggregate), ISO; the answer's own time for `single` and `annotator`. */
  at: string;
}

/**
 * The final answer(s) of a task for a format that reads the controls `controls`, in this order:
 * 1. the known answer of a gold task;
 * 2. a reviewer's correction or an adjudication, whichever was made last (both are a person's decision about the
 *    whole task; the later one saw the earlier);
 * 3. the aggregate, if it answers at least one of `controls` (an aggregation run combines some control types only:
 *    a run that combined the choices says nothing about a textarea, so an SFT export falls through to 4);
 * 4. the task's only answer (`single`), or each of its answers (`annotator`) when several remain undecided.
 * Answers whose rejection is still open (sent back, waiting for their annotator's fix) are left out of 4: a reviewer
 * said they are wrong. A task with no answer gives none.
 */
export function finalAnswers(candidates: AnswerCandidates, controls: ReadonlySet<string>): FinalAnswer[] {
  if (candidates.gold !== null) return [{ source: 'gold', result: candidates.gold, annotation: null, at: '' }];
  const decided = latestDecision(candidates);
  if (decided !== null) return [decided];
  const aggregate = candidates.aggregate;
  if (aggregate !== null && aggregate.method !== 'adjudicated' && answersAny(aggregate, controls)) {
    return [{ source: 'aggregate', result: aggregate.result, annotation: null, at: new Date(aggregate.at).toISOString() }];
  }
  const standing = candidates.answers.filter((a) => a.annotation.review?.status !== 'rejected');
  const source: AnswerSource = standing.length === 1 ? 'single' : 'annotator';
  return standing.map((a) => new StandingAnswer(source, a.annotation));
}

/**
 * An answer that stands as it was given. Its time is read when asked for: the image exports write none, and the
 * lean reader (task-candidates.ts) formats it only then, a date per task of a 50,000-image export saved. A class,
 * not an object literal with a getter, which V8 makes several times slower to create.
 */
class StandingAnswer implements FinalAnswer {
  readonly result: unknown[];
  constructor(
    readonly source: AnswerSource,
    readonly annotation: ExportedAnnotation,
  ) {
    this.result = annotation.result;
  }

  get at(): string {
    return this.annotation.created_at;
  }
}

/** The later of the latest correction and the adjudication, or null when neither was made. */
function latestDecision(candidates: AnswerCandidates): FinalAnswer | null {
  let best: FinalAnswer | null = null;
  let bestAt = -Infinity;
  for (const a of candidates.answers) {
    const review = a.annotation.review;
    if (review?.status !== 'corrected' || review.corrected_result === undefined) continue;
    const at = Date.parse(review.reviewed_at);
    if (at >= bestAt) {
      best = { source: 'review', result: review.corrected_result, annotation: a.annotation, at: review.reviewed_at };
      bestAt = at;
    }
  }
  const aggregate = candidates.aggregate;
  if (aggregate !== null && aggregate.method === 'adjudicated' && aggregate.at >= bestAt) {
    best = { source: 'adjudication', result: aggregate.result, annotation: null, at: new Date(aggregate.at).toISOString() };
  }
  return best;
}

/** Whether the aggregate speaks for one of the controls: a result item of it, or its key in `labels` (even empty). */
function answersAny(aggregate: { result: unknown[]; labels: Record<string, unknown> }, controls: ReadonlySet<string>): boolean {
  if (Object.keys(aggregate.labels).some((k) => controls.has(k))) return true;
  return aggregate.result.some((item) => controls.has(String((item as { from_name?: unknown }).from_name)));
}

/** The result items of one control. */
export function itemsOf(result: readonly unknown[], control: string): Record<string, unknown>[] {
  return result.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && (item as { from_name?: unknown }).from_name === control);
}
