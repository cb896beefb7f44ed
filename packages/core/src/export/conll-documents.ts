import type { LabelConfig } from '@biaozhu/contract';
import { conllSentence, DOCSTART, spansOf } from './conll.js';
import { finalAnswers, itemsOf } from './final-answer.js';
import type { TaskForExport } from './exported-tasks.js';

/** A text object that `labels` controls put spans on, with those controls. */
interface SpanTarget {
  object: string;
  dataKey: string;
  controls: string[];
}

/** The text objects of a config that carry spans, in the config's order; empty when CoNLL has nothing to write. */
export function spanTargets(config: LabelConfig): SpanTarget[] {
  const targets: SpanTarget[] = [];
  for (const o of config.objects) {
    if (o.type !== 'text') continue;
    const controls = config.controls.flatMap((c) => (c.type === 'labels' && c.toName === o.name ? [c.name] : []));
    if (controls.length > 0) targets.push({ object: o.name, dataKey: o.value, controls });
  }
  return targets;
}

/**
 * A task's CoNLL-2003 documents: one per final answer (final-answer.ts; several only when several answers are
 * undecided), each `-DOCSTART- -X- -X- O`, a blank line, then one sentence per text object with spans (config order),
 * each ended by a blank line. A text object is one sentence: it is not split at punctuation, so an entity is never
 * cut by a sentence break. Tasks without an answer, or whose texts have no token, give nothing.
 */
export function conllDocuments(targets: readonly SpanTarget[], item: TaskForExport): string {
  const controls = new Set(targets.flatMap((t) => t.controls));
  let out = '';
  for (const answer of finalAnswers(item.candidates, controls)) {
    let doc = '';
    for (const target of targets) {
      const text = item.task.data[target.dataKey];
      if (typeof text !== 'string') continue;
      const spans = target.controls.flatMap((c) => spansOf(itemsOf(answer.result, c).filter((i) => i.to_name === target.object)));
      const lines = conllSentence(text, spans);
      if (lines.length > 0) doc += lines.join('\n') + '\n\n';
    }
    if (doc !== '') out += `${DOCSTART}\n\n${doc}`;
  }
  return out;
}
