import type { DedupExactOptions } from '@biaozhu/contract';
import { hashString53 } from './hash.js';
import { StepCounter } from './step-counter.js';
import { dedupKey } from './text-key.js';
import type { CleaningStep, Item } from './types.js';

/**
 * Drops records whose text (or loose key) repeats an earlier one; the first occurrence is kept. Holds one 53-bit hash
 * per distinct text, so memory grows with distinct texts only (about 5e-5 chance of any collision in a million).
 */
export class DedupExactStep implements CleaningStep {
  readonly name = 'dedup-exact';
  private readonly counter: StepCounter;
  private readonly seen = new Map<number, number>();

  constructor(
    private readonly opts: DedupExactOptions,
    maxExamples: number,
  ) {
    this.counter = new StepCounter(this.name, maxExamples);
  }

  process(batch: Item[]): Item[] {
    const c = this.counter;
    const out: Item[] = [];
    for (const item of batch) {
      c.in++;
      const h = hashString53(dedupKey(item.text, this.opts.key));
      const first = this.seen.get(h);
      if (first === undefined) {
        this.seen.set(h, item.index);
        out.push(item);
        c.out++;
      } else {
        c.find('duplicate', { index: item.index, text: item.text, detail: `same as record ${first}` });
      }
    }
    return out;
  }

  report() {
    return this.counter.report({ distinct: this.seen.size, key: this.opts.key });
  }
}
