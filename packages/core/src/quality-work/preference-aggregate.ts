import type { PreferenceReport } from '@biaozhu/contract';
import { controlTypeOf, listItemIds, rankingKeys, type LabelConfig, type PairwiseControl, type RankingControl } from '@biaozhu/label-types';
import { bradleyTerry, preferenceProbability, type BradleyTerryResult, type PairwiseComparison } from '../quality/bradley-terry.js';
import type { ControlAggregate, ControlAggregator, ControlRunSummary } from './control-aggregators.js';
import { objectData, objectNamed, type StoredItem, type TaskAnswers } from './control-answers.js';

/** A pairwise answer: the side chosen, or a tie. */
type Side = 'left' | 'right' | 'tie';

/**
 * Suffix of the task data field that names what a side of a pair is (a model, a system): for objects showing
 * `$answer_a` and `$answer_b`, the fields `answer_a_source` and `answer_b_source`. With them the quality page gives
 * strengths of those sources across tasks; without them only the position bias and the tie rate.
 */
export const SOURCE_SUFFIX = '_source';

/**
 * Label Studio's Pairwise writes `selected: left|right` and removes its item when the annotator picks neither; so an
 * answer without the item of a control that is not required is a tie ("both equally good"). A required control's
 * item is always there (submit checks it).
 */
function readSide(control: PairwiseControl, items: readonly StoredItem[]): Side | undefined {
  const selected = items[0]?.value?.selected;
  if (selected === 'left' || selected === 'right') return selected;
  return items.length === 0 && !control.required ? 'tie' : undefined;
}

/** Both sides' task-local item names, so one task's pair never meets another's in the fit. */
const sideItems = (taskId: number) => ({ left: `${taskId}:left`, right: `${taskId}:right` });

/** Fits Bradley-Terry to every judgement of the project; undefined without any. */
function fit(comparisons: readonly PairwiseComparison[]): BradleyTerryResult | undefined {
  return comparisons.length > 0 ? bradleyTerry(comparisons) : undefined;
}

function fitSummary(control: { name: string; type: string }, tasks: number, result: BradleyTerryResult | undefined): ControlRunSummary {
  return {
    control: control.name,
    type: control.type,
    method: 'bradley-terry',
    tasks,
    skipped: 0,
    ...(result
      ? { fit: { ties: result.ties.share, theta: result.positionBias.theta, leftWinShare: result.positionBias.leftWinShare, converged: result.converged } }
      : {}),
  };
}

function preferenceReport(
  control: { name: string },
  kind: PreferenceReport['kind'],
  tasks: number,
  local: BradleyTerryResult | undefined,
  named: BradleyTerryResult | undefined,
  judgements: number,
): PreferenceReport {
  return {
    control: control.name,
    kind,
    judgements,
    tasks,
    // Ties and the pull to the left from the fit over named items when there is one: a few items judged many times
    // pin theta down, while in the task-local fit each task's pair has a strength of its own, fitted from two or
    // three judgements, and theta is only loosely held (with two judgements a task's disagreement says nothing on it).
    ties: { share: (named ?? local)?.ties.share ?? 0, nu: (named ?? local)?.ties.nu ?? 0 },
    positionBias: { leftWinShare: (named ?? local)?.positionBias.leftWinShare ?? 0, theta: (named ?? local)?.positionBias.theta ?? 1 },
    fittedOver: named ? 'items' : 'tasks',
    items: (named?.items ?? []).map((i) => ({ item: i.item, strength: i.strength, wins: i.wins, losses: i.losses, ties: i.ties })),
    converged: (local?.converged ?? true) && (named?.converged ?? true),
  };
}

const localComparisons = (tasks: readonly TaskAnswers<Side>[]): PairwiseComparison[] =>
  tasks.flatMap((t) => t.answers.map((a) => ({ ...sideItems(t.taskId), outcome: a.answer })));

/** What the two sides of a task are, from `<field>_source`; undefined when the task does not say. */
function sourcesOf(control: PairwiseControl, config: LabelConfig, data: Record<string, unknown>): { left: string; right: string } | undefined {
  const [left, right] = control.toName.map((name) => {
    const object = objectNamed(config, name);
    const source = object ? data[`${object.value}${SOURCE_SUFFIX}`] : undefined;
    return typeof source === 'string' && source !== '' ? source : undefined;
  });
  return left !== undefined && right !== undefined && left !== right ? { left, right } : undefined;
}

/**
 * Pairwise preferences by Bradley-Terry over every annotator's judgement: each task's two sides are items of their
 * own, and one fit over the project shares the position effect (theta) and the tie parameter, so the per-task answer
 * is the side most probably better with the pull to the left taken out (preferenceProbability), which a plain vote
 * would not do. A probability of exactly one half is a tie: no item is written. Confidence is that probability.
 */
export const pairwiseAggregator: ControlAggregator<PairwiseControl, Side> = {
  method: () => 'bradley-terry',
  read: readSide,
  aggregate(control, _config, tasks) {
    const type = controlTypeOf(control)!;
    const result = fit(localComparisons(tasks));
    const perTask = new Map<number, ControlAggregate>();
    if (result) {
      for (const task of tasks) {
        const items = sideItems(task.taskId);
        const pLeft = preferenceProbability(result, items.left, items.right);
        const side: Side = Math.abs(pLeft - 0.5) < 1e-9 ? 'tie' : pLeft > 0.5 ? 'left' : 'right';
        const votes = { left: 0, right: 0, tie: 0 };
        for (const a of task.answers) votes[a.answer]++;
        perTask.set(task.taskId, {
          items: side === 'tie' ? [] : [{ id: `agg-${control.name}`, from_name: control.name, to_name: type.resultToName(control), type: type.resultType, value: { selected: side } }],
          labels: [side],
          confidence: Math.max(pLeft, 1 - pLeft),
          details: { pLeft, votes },
        });
      }
    }
    return { perTask, summary: fitSummary(control, perTask.size, result) };
  },
  report(control, config, tasks) {
    const local = localComparisons(tasks);
    const named: PairwiseComparison[] = [];
    for (const task of tasks) {
      const sources = sourcesOf(control, config, task.data);
      if (sources) for (const a of task.answers) named.push({ ...sources, outcome: a.answer });
    }
    return { section: 'preferences', report: preferenceReport(control, 'pairwise', tasks.length, fit(local), fit(named), local.length) };
  },
};

/** The order a ranking gives (without buckets; rankings into buckets are not aggregated yet). */
function readOrder(control: RankingControl, items: readonly StoredItem[]): string[] | undefined {
  if (rankingKeys(control).length !== 1) return undefined;
  const ranker = items[0]?.value?.ranker as Record<string, unknown> | undefined;
  const order = ranker?.[control.name];
  return Array.isArray(order) && order.every((id) => typeof id === 'string') ? (order) : undefined;
}

/**
 * A ranking read as the pairs it orders: for every two items of the list, the one shown first is the left side and
 * wins when the annotator ranked it higher. Items the annotator left out are in no pair.
 */
function rankingPairs(shown: readonly string[], order: readonly string[], name: (id: string) => string): PairwiseComparison[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  const pairs: PairwiseComparison[] = [];
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const ri = rank.get(shown[i]!);
      const rj = rank.get(shown[j]!);
      if (ri === undefined || rj === undefined) continue;
      pairs.push({ left: name(shown[i]!), right: name(shown[j]!), outcome: ri < rj ? 'left' : 'right' });
    }
  }
  return pairs;
}

function shownOrder(control: RankingControl, config: LabelConfig, task: TaskAnswers<string[]>): string[] {
  return listItemIds(objectData(config, task.data, control.toName)) ?? [...new Set(task.answers.flatMap((a) => a.answer))];
}

/**
 * Rankings by Bradley-Terry over the pairs every annotator's ranking orders, each task's items being its own (one fit
 * shares the position effect): the per-task answer orders the items by strength. Confidence is the share of the
 * task's pairs that agree with that order. The quality page's strengths are per item id across tasks.
 */
export const rankingAggregator: ControlAggregator<RankingControl, string[]> = {
  method: () => 'bradley-terry',
  read: readOrder,
  aggregate(control, config, tasks) {
    const type = controlTypeOf(control)!;
    const pairsOf = tasks.map((t) => {
      const shown = shownOrder(control, config, t);
      return { task: t, shown, pairs: t.answers.flatMap((a) => rankingPairs(shown, a.answer, (id) => `${t.taskId}:${id}`)) };
    });
    const result = fit(pairsOf.flatMap((p) => p.pairs));
    const perTask = new Map<number, ControlAggregate>();
    if (result) {
      const strength = new Map(result.items.map((i) => [i.item, i.strength]));
      for (const { task, shown, pairs } of pairsOf) {
        if (pairs.length === 0) continue;
        const ranked = shown.filter((id) => strength.has(`${task.taskId}:${id}`));
        const order = [...ranked].sort((a, b) => strength.get(`${task.taskId}:${b}`)! - strength.get(`${task.taskId}:${a}`)!);
        const position = new Map(order.map((id, i) => [`${task.taskId}:${id}`, i]));
        const agreeing = pairs.filter((p) => (position.get(p.left)! < position.get(p.right)!) === (p.outcome === 'left')).length;
        perTask.set(task.taskId, {
          items: [{ id: `agg-${control.name}`, from_name: control.name, to_name: type.resultToName(control), type: type.resultType, value: { ranker: { [control.name]: order } } }],
          labels: order,
          confidence: agreeing / pairs.length,
          details: { strengths: Object.fromEntries(order.map((id) => [id, strength.get(`${task.taskId}:${id}`)!])) },
        });
      }
    }
    return { perTask, summary: fitSummary(control, perTask.size, result) };
  },
  report(control, config, tasks) {
    const local: PairwiseComparison[] = [];
    const named: PairwiseComparison[] = [];
    for (const task of tasks) {
      const shown = shownOrder(control, config, task);
      for (const a of task.answers) {
        local.push(...rankingPairs(shown, a.answer, (id) => `${task.taskId}:${id}`));
        named.push(...rankingPairs(shown, a.answer, (id) => id));
      }
    }
    return { section: 'preferences', report: preferenceReport(control, 'ranking', tasks.length, fit(local), fit(named), local.length) };
  },
};
