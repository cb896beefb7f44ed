import type { SpanAgreementReport } from '@biaozhu/contract';
import { codePoints, controlTypeOf, spanText, type LabelConfig, type LabelsControl } from '@biaozhu/label-types';
import { QualityInputError } from '../quality/quality-input-error.js';
import { spanAgreement, spanConsensus, type LabeledSpan, type SpanAnswer, type SpanMatch } from '../quality/span-aggregation.js';
import type { ControlAggregate, ControlAggregator } from './control-aggregators.js';
import { objectData, type StoredItem, type TaskAnswers } from './control-answers.js';

/** Token IoU from which two spans count as the same entity on the quality page's overlap figure. */
export const OVERLAP_THRESHOLD = 0.5;

/**
 * Spans of a `labels` control, one per label (a span with several labels, `multiple`, is several). An answer with no
 * span of the control says the text holds none, so it is an answer too (an empty one).
 */
function readSpans(_control: LabelsControl, items: readonly StoredItem[]): LabeledSpan[] {
  const spans: LabeledSpan[] = [];
  for (const item of items) {
    const { start, end, labels } = item.value ?? {};
    if (typeof start !== 'number' || typeof end !== 'number' || !Array.isArray(labels)) continue;
    for (const label of labels) if (typeof label === 'string') spans.push({ start, end, label });
  }
  return spans;
}

function textOf(control: LabelsControl, config: LabelConfig, task: TaskAnswers<LabeledSpan[]>): string | undefined {
  const text = objectData(config, task.data, control.toName);
  return typeof text === 'string' ? text : undefined;
}

const spanAnswers = (task: TaskAnswers<LabeledSpan[]>): SpanAnswer[] => task.answers.map((a) => ({ worker: a.worker, spans: a.answer }));

/**
 * Per task: the spans a strict majority of its annotators marked (spanConsensus, exactly or by token overlap), as
 * Label Studio `labels` items; confidence is the task's pairwise F1 between its annotators under the same matching
 * (1 for one annotator). A task whose answers do not fit its text (a span past its end) is skipped and counted.
 */
export const spanAggregator: ControlAggregator<LabelsControl, LabeledSpan[]> = {
  method: (options) => (options.spanMatch.mode === 'exact' ? 'span-exact' : 'span-overlap'),
  read: readSpans,
  aggregate(control, config, tasks, options) {
    const type = controlTypeOf(control)!;
    const perTask = new Map<number, ControlAggregate>();
    let skipped = 0;
    for (const task of tasks) {
      const text = textOf(control, config, task);
      if (text === undefined) {
        skipped++;
        continue;
      }
      const answers = spanAnswers(task);
      try {
        const kept = spanConsensus(text, answers, { match: options.spanMatch });
        const points = codePoints(text);
        perTask.set(task.taskId, {
          items: kept.map((s, i) => ({
            id: `agg-${control.name}-${i + 1}`,
            from_name: control.name,
            to_name: type.resultToName(control),
            type: type.resultType,
            value: { start: s.start, end: s.end, text: spanText(points, s.start, s.end), labels: [s.label] },
          })),
          labels: kept.map((s) => `${s.label}:${s.start}-${s.end}`),
          confidence: spanAgreement([{ text, answers }], options.spanMatch).f1,
          details: {
            match: options.spanMatch,
            annotators: answers.length,
            spans: kept.map((s) => ({ start: s.start, end: s.end, label: s.label, votes: s.support.length, share: s.share })),
          },
        });
      } catch (error) {
        if (!(error instanceof QualityInputError)) throw error;
        skipped++;
      }
    }
    return { perTask, summary: { control: control.name, type: control.type, method: this.method(options), tasks: perTask.size, skipped } };
  },
  report(control, config, tasks) {
    const items: Array<{ text: string; answers: SpanAnswer[] }> = [];
    let answers = 0;
    for (const task of tasks) {
      const text = textOf(control, config, task);
      if (text === undefined) continue;
      const length = codePoints(text).length;
      // answers with a span outside their text are left out, as the job skips them
      const fitting = spanAnswers(task).filter((a) => a.spans.every((s) => s.start >= 0 && s.end <= length && s.start < s.end));
      answers += fitting.length;
      items.push({ text, answers: fitting });
    }
    const shared = items.filter((i) => i.answers.length >= 2);
    const overlap: SpanMatch = { mode: 'overlap', threshold: OVERLAP_THRESHOLD };
    const f1 = (of: typeof shared, match: SpanMatch) => (of.length > 0 ? spanAgreement(of, match).f1 : null);
    const labels = new Map<string, number>();
    for (const i of items) for (const a of i.answers) for (const s of a.spans) labels.set(s.label, (labels.get(s.label) ?? 0) + 1);
    const ordered = [...control.labels.map((l) => l.value), ...[...labels.keys()].filter((l) => !control.labels.some((c) => c.value === l))];
    const report: SpanAgreementReport = {
      control: control.name,
      answers,
      sharedTasks: shared.length,
      pairs: shared.length > 0 ? spanAgreement(shared).pairs : 0,
      f1Exact: f1(shared, { mode: 'exact' }),
      f1Overlap: f1(shared, overlap),
      overlapThreshold: OVERLAP_THRESHOLD,
      perLabel: ordered.map((label) => {
        // matching needs the same label, so the F1 of one label is the F1 of the answers cut down to its spans
        const only = shared.map((i) => ({ text: i.text, answers: i.answers.map((a) => ({ worker: a.worker, spans: a.spans.filter((s) => s.label === label) })) }));
        const spans = labels.get(label) ?? 0;
        // a label nobody used has no agreement to speak of (the F1 of two empty sets would read 1)
        return { label, spans, f1Exact: spans > 0 ? f1(only, { mode: 'exact' }) : null, f1Overlap: spans > 0 ? f1(only, overlap) : null };
      }),
    };
    return { section: 'spans', report };
  },
};
