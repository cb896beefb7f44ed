import type { RatingSpreadReport } from '@biaozhu/contract';
import { controlTypeOf, type RatingControl } from '@biaozhu/label-types';
import { krippendorffAlpha } from '../quality/krippendorff-alpha.js';
import { LabelEncoder } from '../quality/label-encoder.js';
import { ratingConsensus } from '../quality/rating-consensus.js';
import type { ControlAggregate, ControlAggregator } from './control-aggregators.js';
import type { StoredItem } from './control-answers.js';

function readRating(_control: RatingControl, items: readonly StoredItem[]): number | undefined {
  const rating = items[0]?.value?.rating;
  return typeof rating === 'number' && Number.isFinite(rating) ? rating : undefined;
}

/**
 * Per task: the median rating (ratingConsensus), with the interquartile range, lowest and highest rating in the
 * details. The Label Studio item carries a rating someone gave: the median, or for an even count whose median falls
 * between two ratings, the lower of the two (details keep the exact median). Confidence is 1 - IQR / (maxRating - 1):
 * 1 when the middle half of the ratings agree, 0 when it spans the whole scale.
 */
export const ratingAggregator: ControlAggregator<RatingControl, number> = {
  method: () => 'median',
  read: readRating,
  aggregate(control, _config, tasks) {
    const type = controlTypeOf(control)!;
    const perTask = new Map<number, ControlAggregate>();
    for (const task of tasks) {
      const ratings = task.answers.map((a) => a.answer);
      const c = ratingConsensus(ratings);
      const given = [...ratings].sort((a, b) => a - b)[Math.ceil(ratings.length / 2) - 1]!;
      const rating = Number.isInteger(c.median) ? c.median : given;
      perTask.set(task.taskId, {
        items: [{ id: `agg-${control.name}`, from_name: control.name, to_name: type.resultToName(control), type: type.resultType, value: { rating } }],
        labels: [String(rating)],
        confidence: control.maxRating > 1 ? Math.max(0, 1 - c.iqr / (control.maxRating - 1)) : 1,
        details: { median: c.median, iqr: c.iqr, min: c.min, max: c.max, n: c.n },
      });
    }
    return { perTask, summary: { control: control.name, type: control.type, method: 'median', tasks: perTask.size, skipped: 0 } };
  },
  report(control, _config, tasks) {
    const distribution = new Array<number>(control.maxRating).fill(0);
    const encoder = new LabelEncoder();
    let answers = 0;
    let sumIqr = 0;
    let shared = 0;
    let disputed = 0;
    for (const task of tasks) {
      for (const a of task.answers) {
        answers++;
        const r = Math.round(a.answer);
        if (r >= 1 && r <= control.maxRating) distribution[r - 1]!++;
        encoder.add(a.worker, String(task.taskId), String(a.answer));
      }
      if (task.answers.length < 2) continue;
      const c = ratingConsensus(task.answers.map((a) => a.answer));
      shared++;
      sumIqr += c.iqr;
      if (c.max - c.min >= 2) disputed++;
    }
    let alpha: number | null = null;
    if (shared > 0) {
      const built = encoder.build();
      const value = krippendorffAlpha(built.data, { metric: 'interval', classValues: built.classIds.map(Number) });
      alpha = Number.isFinite(value) ? value : null;
    }
    const report: RatingSpreadReport = {
      control: control.name,
      maxRating: control.maxRating,
      answers,
      sharedTasks: shared,
      meanIqr: shared > 0 ? sumIqr / shared : null,
      disputedTasks: disputed,
      krippendorffAlpha: alpha,
      distribution,
    };
    return { section: 'ratings', report };
  },
};
