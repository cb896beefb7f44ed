import { describe, expect, it } from 'vitest';
import { labelsOf } from './test-data.js';
import { validatedGoldDawidSkene } from './validated-gold-dawid-skene.js';

describe('validatedGoldDawidSkene', () => {
  it('uses anchoring when it answers held-out gold better', () => {
    // two workers who always disagree; worker 1 is right. Unsupervised DS cannot tell (answers class 0 on ties).
    const rows: Array<[number, number, number]> = [];
    for (let t = 0; t < 20; t++) rows.push([t, 0, 0], [t, 1, 1]);
    const gold = new Int32Array(20).fill(-1);
    for (let t = 0; t < 6; t++) gold[t] = 1;
    const v = validatedGoldDawidSkene(labelsOf(rows), gold, { folds: 3 });
    expect(v.anchored).toBe(true);
    expect(v.heldOut).toEqual({ anchored: 6, plain: 0, total: 6, discordant: 6 });
    expect(Array.from(v.result.answers)).toEqual(new Array<number>(20).fill(1));
  });

  it('keeps unsupervised answers when anchoring does not help, but still returns the gold answers', () => {
    // three workers who always agree: anchoring cannot improve on them; one gold task says otherwise
    const rows: Array<[number, number, number]> = [];
    for (let t = 0; t < 10; t++) rows.push([t, 0, t % 2], [t, 1, t % 2], [t, 2, t % 2]);
    const gold = new Int32Array(10).fill(-1);
    gold[0] = 0;
    gold[1] = 1;
    gold[2] = 1; // wrong according to every worker
    const v = validatedGoldDawidSkene(labelsOf(rows), gold, { folds: 3 });
    expect(v.anchored).toBe(false);
    expect(v.result.answers[2]).toBe(1);
    expect(v.result.confidence[2]).toBe(1);
    expect(Array.from(v.result.answers.subarray(3))).toEqual([1, 0, 1, 0, 1, 0, 1]);
  });

  it('keeps unsupervised answers after a narrow win on held-out gold, which could be noise', () => {
    // the same two disagreeing workers; gold says worker 1 is right three times and worker 0 once
    const rows: Array<[number, number, number]> = [];
    for (let t = 0; t < 20; t++) rows.push([t, 0, 0], [t, 1, 1]);
    const gold = new Int32Array(20).fill(-1);
    gold[0] = gold[1] = gold[2] = 1;
    gold[3] = 0;
    const v = validatedGoldDawidSkene(labelsOf(rows), gold, { folds: 4 });
    // anchoring wins 3 of 4 discordant held-out tasks: 3 - 1 = 2 is not above sqrt(4)
    expect(v.heldOut).toEqual({ anchored: 3, plain: 1, total: 4, discordant: 4 });
    expect(v.anchored).toBe(false);
    expect(Array.from(v.result.answers.subarray(4))).toEqual(new Array<number>(16).fill(0));
  });
});
