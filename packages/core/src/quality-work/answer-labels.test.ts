import { describe, expect, it } from 'vitest';
import { classId, goldLabels, labelsOf, matchesGold, resultOf } from './answer-labels.js';

const item = (control: string, choices: string[]) => ({ id: 'x', from_name: control, to_name: 'text', type: 'choices', value: { choices } });

describe('answer labels', () => {
  it('reads each control as one class, whatever the order of multiple choices', () => {
    const labels = labelsOf([item('topic', ['b', 'a']), item('sentiment', ['positive'])]);
    expect(labels.get('topic')).toBe(classId(['a', 'b']));
    expect(labels.get('sentiment')).toBe('["positive"]');
    expect(labelsOf('nonsense').size).toBe(0);
  });

  it('compares answers with the gold per control', () => {
    const gold = goldLabels(JSON.stringify({ result: [item('sentiment', ['negative'])] }));
    expect(matchesGold(labelsOf([item('sentiment', ['negative'])]), gold)).toBe(true);
    expect(matchesGold(labelsOf([item('sentiment', ['positive'])]), gold)).toBe(false);
    expect(matchesGold(labelsOf([]), gold)).toBe(false);
    expect(matchesGold(labelsOf([item('sentiment', ['negative'])]), goldLabels(null))).toBe(false);
  });

  it('writes Label Studio result items back for the controls of the config', () => {
    const controls = [{ name: 'sentiment', toName: 'text', choices: ['a', 'b'] }];
    expect(resultOf(new Map([['sentiment', classId(['b'])]]), controls)).toEqual([
      { id: 'agg-sentiment', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['b'] } },
    ]);
  });
});
