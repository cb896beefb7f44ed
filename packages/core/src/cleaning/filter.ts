import type { FilterOptions } from '@biaozhu/contract';
import { StepCounter } from './step-counter.js';
import type { CleaningStep, Item } from './types.js';

/** Share of code points inside runs of 3 or more identical characters ("哈哈哈哈", "!!!!!!"). */
export function repeatedCharRatio(text: string): number {
  const chars = Array.from(text).filter((c) => !/\s/u.test(c));
  if (chars.length === 0) return 0;
  let inRuns = 0;
  let run = 1;
  for (let i = 1; i <= chars.length; i++) {
    if (i < chars.length && chars[i] === chars[i - 1]) {
      run++;
    } else {
      if (run >= 3) inRuns += run;
      run = 1;
    }
  }
  return inRuns / chars.length;
}

/** Share of non-empty lines that repeat an earlier line of the same text. */
export function repeatedLineRatio(text: string): number {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length < 2) return 0;
  const seen = new Set<string>();
  let repeats = 0;
  for (const l of lines) {
    if (seen.has(l)) repeats++;
    else seen.add(l);
  }
  return repeats / lines.length;
}

/** Share of non-space code points that are neither letters, digits nor combining marks. */
export function symbolRatio(text: string): number {
  let total = 0;
  let symbols = 0;
  for (const c of text) {
    if (/\s/u.test(c)) continue;
    total++;
    if (!/[\p{L}\p{N}\p{M}]/u.test(c)) symbols++;
  }
  return total === 0 ? 0 : symbols / total;
}

// UTF-8 read as Latin-1/cp1252: a lead byte shown as Â-ô followed by a continuation byte shown as U+0080-U+00BF or a
// cp1252 punctuation letter ("Ã©", "â€™", "ä¸­æ–‡").
const UTF8_AS_LATIN1 =
  /[\u00C2-\u00F4][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/g;
// UTF-8 read as GBK: "锟斤拷" (U+FFFD bytes), "烫烫烫"/"屯屯屯" (uninitialised memory), and characters that almost only
// appear when Chinese punctuation is misread: 銆 (from 。、), 锛 (from ，：), 鈥 (from “”—).
const GBK_MOJIBAKE = /锟斤拷|烫烫烫|屯屯屯|[銆锛鈥]/g;

/** Mojibake evidence in a text: hits of typical misdecoding sequences and U+FFFD replacement characters. */
export function mojibakeScore(text: string): { latin1: number; gbk: number; replacement: number } {
  let replacement = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) replacement++;
  return {
    latin1: (text.match(UTF8_AS_LATIN1) ?? []).length,
    gbk: (text.match(GBK_MOJIBAKE) ?? []).length,
    replacement,
  };
}

/** Why a text fails the filter, or undefined when it passes. */
export function filterReason(text: string, o: FilterOptions): string | undefined {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) length++;
  }
  if (length < o.minLength) return 'too_short';
  if (o.maxLength !== undefined && length > o.maxLength) return 'too_long';
  if (o.mojibake) {
    const m = mojibakeScore(text);
    if (m.replacement > o.maxReplacementChars) return 'replacement_chars';
    if (m.latin1 >= 2) return 'mojibake_latin1';
    if (m.gbk >= 2) return 'mojibake_gbk';
  }
  if (repeatedCharRatio(text) > o.maxRepeatedCharRatio) return 'repeated_chars';
  if (repeatedLineRatio(text) > o.maxRepeatedLineRatio) return 'repeated_lines';
  if (symbolRatio(text) > o.maxSymbolRatio) return 'symbols';
  return undefined;
}

/** Drops texts that are too short or long, repetitive, mostly symbols, or garbled (mojibake). */
export class FilterStep implements CleaningStep {
  readonly name = 'filter';
  private readonly counter: StepCounter;

  constructor(
    private readonly opts: FilterOptions,
    maxExamples: number,
  ) {
    this.counter = new StepCounter(this.name, maxExamples);
  }

  process(batch: Item[]): Item[] {
    const c = this.counter;
    return batch.filter((item) => {
      c.in++;
      const reason = filterReason(item.text, this.opts);
      if (reason) {
        c.find(reason, { index: item.index, text: item.text });
        return false;
      }
      c.out++;
      return true;
    });
  }

  report() {
    return this.counter.report();
  }
}
