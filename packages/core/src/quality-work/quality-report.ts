import type { BoxAgreementReport, ControlReport, LabelConfig, PreferenceReport, QualityReport, RatingSpreadReport, SpanAgreementReport } from '@biaozhu/contract';
import { sql } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { fleissKappa } from '../quality/fleiss-kappa.js';
import { krippendorffAlpha } from '../quality/krippendorff-alpha.js';
import { LabelEncoder } from '../quality/label-encoder.js';
import { percentAgreement } from '../quality/percent-agreement.js';
import { choiceControls, choicesOf, goldLabels, labelsOf } from './answer-labels.js';
import { aggregatedControls } from './control-aggregators.js';
import { answerWorker, loadControlAnswers } from './control-answers.js';

const safe = (f: () => number): number | null => {
  try {
    const v = f();
    return Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
};

/**
 * Agreement per choices control with a confusion matrix against the reference answers; span agreement (pairwise F1),
 * rating spread and the Bradley-Terry fit of pairwise and ranking controls; the confidence histogram and review counts.
 */
export async function qualityReport(ctx: Context, actor: Actor, projectId: number): Promise<QualityReport> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const config = JSON.parse(project.label_config) as LabelConfig;
  const controls = choiceControls(config);
  const [answers, tasks, aggregates, reviewCounts] = await Promise.all([
    ctx.db.reader.selectFrom('annotations').select(['task_id', 'user_id', 'imported_from', 'id', 'result']).where('project_id', '=', projectId).execute(),
    ctx.db.reader.selectFrom('tasks').select(['id', 'is_gold', 'gold_result']).where('project_id', '=', projectId).where('is_gold', '=', 1).execute(),
    ctx.db.reader.selectFrom('aggregates').select(['task_id', 'labels', 'confidence', 'method']).where('project_id', '=', projectId).execute(),
    ctx.db.reader
      .selectFrom('reviews')
      .select(['action', 'state', sql<number>`count(*)`.as('n')])
      .where('project_id', '=', projectId)
      .groupBy(['action', 'state'])
      .execute(),
  ]);
  const gold = new Map(tasks.map((t) => [t.id, goldLabels(t.gold_result)]));
  const reference = new Map<number, Map<string, string>>(gold);
  for (const a of aggregates) {
    const labels = JSON.parse(a.labels) as Record<string, string[]>;
    reference.set(a.task_id, new Map(Object.entries(labels).map(([k, v]) => [k, JSON.stringify([...v].sort())])));
  }
  const parsed = answers.map((a) => ({ task: a.task_id, worker: answerWorker(a), labels: labelsOf(JSON.parse(a.result)) }));

  const report: ControlReport[] = controls.map((control) => {
    const encoder = new LabelEncoder();
    const perTask = new Map<number, number>();
    let count = 0;
    const pairs: [string, string][] = [];
    for (const a of parsed) {
      const label = a.labels.get(control.name);
      if (label === undefined) continue;
      const ref = reference.get(a.task)?.get(control.name);
      if (ref !== undefined) pairs.push([ref, label]);
      if (gold.has(a.task)) continue;
      encoder.add(a.worker, String(a.task), label);
      perTask.set(a.task, (perTask.get(a.task) ?? 0) + 1);
      count++;
    }
    const shared = [...perTask.values()].filter((n) => n >= 2).length;
    const built = count > 0 ? encoder.build() : null;
    const labelSet = new Set<string>(control.choices.map((c) => JSON.stringify([c])));
    for (const [r, l] of pairs) labelSet.add(r).add(l);
    const labels = [...labelSet];
    const index = new Map(labels.map((l, i) => [l, i]));
    const matrix = labels.map(() => labels.map(() => 0));
    for (const [r, l] of pairs) matrix[index.get(r)!]![index.get(l)!]!++;
    return {
      control: control.name,
      answers: count,
      sharedTasks: shared,
      percentAgreement: built && shared > 0 ? safe(() => percentAgreement(built.data)) : null,
      fleissKappa: built && shared > 0 ? safe(() => fleissKappa(built.data)) : null,
      krippendorffAlpha: built && shared > 0 ? safe(() => krippendorffAlpha(built.data)) : null,
      confusion: { labels: labels.map((l) => choicesOf(l).join(';')), matrix },
    };
  });

  const histogram = new Array<number>(10).fill(0);
  const byMethod: Record<string, number> = {};
  for (const a of aggregates) {
    histogram[Math.min(9, Math.max(0, Math.floor(a.confidence * 10)))]!++;
    byMethod[a.method] = (byMethod[a.method] ?? 0) + 1;
  }
  const reviews = { accepted: 0, rejected: 0, corrected: 0, awaitingFix: 0 };
  for (const r of reviewCounts) {
    const n = Number(r.n);
    if (r.action === 'accept') reviews.accepted += n;
    else if (r.action === 'correct') reviews.corrected += n;
    else {
      reviews.rejected += n;
      if (r.state === 'open') reviews.awaitingFix += n;
    }
  }
  const spans: SpanAgreementReport[] = [];
  const boxes: BoxAgreementReport[] = [];
  const ratings: RatingSpreadReport[] = [];
  const preferences: PreferenceReport[] = [];
  const others = aggregatedControls(config);
  const answersOf = await loadControlAnswers(
    ctx,
    projectId,
    others.map(({ control, aggregator }) => ({ control, read: (c, items) => aggregator.read(c, items) })),
  );
  for (const { control, aggregator } of others) {
    const tasksOf = answersOf.get(control.name) ?? [];
    if (tasksOf.length === 0) continue;
    const figures = aggregator.report(control, config, tasksOf);
    if (figures.section === 'spans') spans.push(figures.report);
    else if (figures.section === 'boxes') boxes.push(figures.report);
    else if (figures.section === 'ratings') ratings.push(figures.report);
    else preferences.push(figures.report);
  }
  return { controls: report, spans, boxes, ratings, preferences, confidenceHistogram: histogram, aggregates: { total: aggregates.length, byMethod }, reviews };
}
