import type { LabelConfig, PairwiseControl, RankingControl } from '@biaozhu/label-types';
import { describe, expect, it } from 'vitest';
import { bradleyTerry } from '../quality/bradley-terry.js';
import type { TaskAnswers } from './control-answers.js';
import { pairwiseAggregator, rankingAggregator } from './preference-aggregate.js';

const config = {
  objects: [
    { type: 'text', name: 'a', value: 'a' },
    { type: 'text', name: 'b', value: 'b' },
  ],
  controls: [],
} as unknown as LabelConfig;
const pairwise = (required: boolean): PairwiseControl => ({ type: 'pairwise', name: 'pw', toName: ['a', 'b'], required });

describe('pairwise answers and reports', () => {
  it('reads a missing item of an optional control as a tie, and of a required one as no answer', () => {
    expect(pairwiseAggregator.read(pairwise(false), [])).toBe('tie');
    expect(pairwiseAggregator.read(pairwise(true), [])).toBeUndefined();
    expect(pairwiseAggregator.read(pairwise(true), [{ from_name: 'pw', value: { selected: 'right' } }])).toBe('right');
  });

  it('without named sides reports no strengths and takes ties and position from the per-task fit', () => {
    const tasks: TaskAnswers<'left' | 'right' | 'tie'>[] = [1, 2, 3, 4].map((taskId) => ({
      taskId,
      data: { a: 'x', b: 'y' },
      answers: [
        { worker: 'w1', answer: 'left' },
        { worker: 'w2', answer: taskId % 2 === 0 ? 'tie' : 'left' },
        { worker: 'w3', answer: taskId === 4 ? 'right' : 'left' },
      ],
    }));
    const { report } = pairwiseAggregator.report(pairwise(false), config, tasks) as { report: { items: unknown[]; fittedOver: string; ties: { share: number }; positionBias: { theta: number } } };
    const local = bradleyTerry(tasks.flatMap((t) => t.answers.map((a) => ({ left: `${t.taskId}L`, right: `${t.taskId}R`, outcome: a.answer }))));
    expect(report.items).toEqual([]);
    expect(report.fittedOver).toBe('tasks');
    expect(report.ties.share).toBeCloseTo(local.ties.share, 10);
    expect(report.positionBias.theta).toBeCloseTo(local.positionBias.theta, 6);
  });
});

describe('rankings', () => {
  const ranking = (buckets?: RankingControl['buckets']): RankingControl => ({ type: 'ranking', name: 'rk', toName: 'list', required: true, ...(buckets ? { buckets } : {}) });
  it('reads an order without buckets and leaves rankings into buckets out', () => {
    expect(rankingAggregator.read(ranking(), [{ value: { ranker: { rk: ['2', '1'] } } }])).toEqual(['2', '1']);
    expect(rankingAggregator.read(ranking([{ name: 'good' }, { name: 'bad' }]), [{ value: { ranker: { good: ['1'], bad: ['2'] } } }])).toBeUndefined();
  });
});
