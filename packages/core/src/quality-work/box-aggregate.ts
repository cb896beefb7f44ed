import type { BoxAgreementReport } from '@biaozhu/contract';
import { rectangleCorners, resultTypeOf, type RectanglesControl } from '@biaozhu/label-types';
import { boxAgreement, boxConsensus, type BoxAnswer, type DrawnBox } from '../quality/box-aggregation.js';
import type { ControlAggregate, ControlAggregator } from './control-aggregators.js';
import type { StoredItem, TaskAnswers } from './control-answers.js';

/** IoU from which two boxes are the same object, for the consensus and for the F1 of the quality page. */
export const BOX_THRESHOLD = 0.5;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A drawn box, with the image size its item carries (for the rotated corners), or undefined for a broken item. */
function drawnBox(item: StoredItem, label: string): DrawnBox | undefined {
  const v = item.value ?? {};
  const [x, y, width, height] = [num(v.x), num(v.y), num(v.width), num(v.height)];
  if (x === undefined || y === undefined || width === undefined || height === undefined) return undefined;
  const rotation = num(v.rotation) ?? 0;
  const sized = item as { original_width?: unknown; original_height?: unknown };
  let bounds = { x, y, width, height };
  if (rotation !== 0) {
    const corners = rectangleCorners({ x, y, width, height, rotation }, num(sized.original_width) ?? 100, num(sized.original_height) ?? 100);
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    bounds = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  }
  return { x, y, width, height, rotation, label, bounds };
}

/**
 * The boxes of a rectangles control, one per label (a box with several labels, `multiple`, is several; a control
 * without labels gives its boxes the label ''). An answer with no box says the image holds none: an empty answer.
 */
function readBoxes(control: RectanglesControl, items: readonly StoredItem[]): DrawnBox[] {
  const boxes: DrawnBox[] = [];
  for (const item of items) {
    const labels = item.value?.rectanglelabels;
    const names = control.labels.length === 0 ? [''] : Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
    for (const label of names) {
      const box = drawnBox(item, label);
      if (box) boxes.push(box);
    }
  }
  return boxes;
}

const boxAnswers = (task: TaskAnswers<DrawnBox[]>): BoxAnswer[] => task.answers.map((a) => ({ worker: a.worker, boxes: a.answer }));

/**
 * Per task: one box per object that at least half of its annotators drew (boxConsensus: greedy IoU >= 0.5 matching,
 * median coordinates, majority label), as Label Studio `rectanglelabels` items; confidence is the task's F1 at IoU 0.5
 * between its annotators (1 for one annotator).
 */
export const boxAggregator: ControlAggregator<RectanglesControl, DrawnBox[]> = {
  method: () => 'box-iou',
  read: readBoxes,
  aggregate(control, _config, tasks) {
    const type = resultTypeOf(control) ?? 'rectanglelabels';
    const labelOrder = control.labels.map((l) => l.value);
    const perTask = new Map<number, ControlAggregate>();
    for (const task of tasks) {
      const answers = boxAnswers(task);
      const kept = boxConsensus(answers, { threshold: BOX_THRESHOLD, labelOrder });
      const agreement = boxAgreement([answers], BOX_THRESHOLD);
      perTask.set(task.taskId, {
        items: kept.map((b, i) => ({
          id: `agg-${control.name}-${i + 1}`,
          from_name: control.name,
          to_name: control.toName,
          type,
          value: { x: b.x, y: b.y, width: b.width, height: b.height, rotation: b.rotation, ...(control.labels.length > 0 ? { rectanglelabels: [b.label] } : {}) },
        })),
        labels: kept.map((b) => `${b.label || 'box'}:${b.x.toFixed(1)},${b.y.toFixed(1)},${b.width.toFixed(1)}x${b.height.toFixed(1)}`),
        confidence: agreement.f1 ?? 1,
        details: {
          threshold: BOX_THRESHOLD,
          annotators: answers.length,
          meanIou: agreement.meanIou,
          boxes: kept.map((b) => ({ label: b.label, votes: b.support.length, share: b.share, meanIou: b.meanIou })),
        },
      });
    }
    return { perTask, summary: { control: control.name, type: control.type, method: 'box-iou', tasks: perTask.size, skipped: 0 } };
  },
  report(control, _config, tasks) {
    const images = tasks.map(boxAnswers);
    const shared = images.filter((answers) => answers.length >= 2);
    const overall = boxAgreement(shared, BOX_THRESHOLD);
    const counts = new Map<string, number>();
    for (const answers of images) for (const a of answers) for (const b of a.boxes) counts.set(b.label, (counts.get(b.label) ?? 0) + 1);
    const ordered = [...control.labels.map((l) => l.value), ...[...counts.keys()].filter((l) => !control.labels.some((c) => c.value === l))];
    const report: BoxAgreementReport = {
      control: control.name,
      answers: images.reduce((n, a) => n + a.length, 0),
      sharedTasks: shared.length,
      pairs: overall.pairs,
      f1: overall.f1,
      meanIou: overall.meanIou,
      threshold: BOX_THRESHOLD,
      perLabel: ordered.map((label) => {
        const boxes = counts.get(label) ?? 0;
        const only = shared.map((answers) => answers.map((a) => ({ worker: a.worker, boxes: a.boxes.filter((b) => b.label === label) })));
        // a label nobody used has no agreement to speak of
        return { label, boxes, f1: boxes > 0 ? boxAgreement(only, BOX_THRESHOLD).f1 : null };
      }),
    };
    return { section: 'boxes', report };
  },
};
