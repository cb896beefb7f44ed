import type { NormalizeOptions } from '@biaozhu/contract';
import { StepCounter } from './step-counter.js';
import type { CleaningStep, Item } from './types.js';

// C0 and C1 controls except tab (09), newline (0A), vertical tab and form feed (0B, 0C: treated as whitespace), CR (0D).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/gu;
// Format characters: zero-width space/joiners, BOM, bidi marks and embeddings, soft hyphen, word joiner...
const INVISIBLE = /\p{Cf}/gu;
// Full-width ASCII punctuation (not letters or digits) and half-width CJK punctuation.
const FULLWIDTH_PUNCT = /[\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\u3400-\u4DBF]/u;
// eslint-disable-next-line no-control-regex -- vertical tab and form feed are whitespace here
const HSPACE = /[ \t\u000B\u000C\p{Zs}]+/gu;

const OPENING = /[\uFF08\uFF3B\uFF5B\uFF5F\uFF62]/u;

/** The nearest text character from position i in direction `step`, skipping spaces and full-width punctuation. */
function neighbour(chars: string[], i: number, step: 1 | -1): string | undefined {
  for (let j = i + step; j >= 0 && j < chars.length; j += step) {
    const c = chars[j]!;
    if (/\s/u.test(c) || FULLWIDTH_PUNCT.test(c)) continue;
    return c;
  }
  return undefined;
}

/**
 * True when full-width punctuation at position i punctuates CJK text: opening brackets look at the text after them,
 * everything else at the text before (the other side when there is none).
 */
function inCjkContext(chars: string[], i: number): boolean {
  const opening = OPENING.test(chars[i]!);
  const first = neighbour(chars, i, opening ? 1 : -1);
  const c = first ?? neighbour(chars, i, opening ? -1 : 1);
  return c !== undefined && CJK.test(c);
}

/**
 * NFKC that leaves full-width punctuation alone where it punctuates CJK text (，！？：；（）stay in Chinese sentences),
 * while full-width letters, digits and punctuation among Latin text become ASCII.
 */
export function nfkcKeepingCjkPunctuation(text: string): string {
  if (!FULLWIDTH_PUNCT.test(text)) return text.normalize('NFKC');
  const chars = Array.from(text);
  let out = '';
  let seg = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (FULLWIDTH_PUNCT.test(c) && inCjkContext(chars, i)) {
      out += seg.normalize('NFKC') + c;
      seg = '';
    } else {
      seg += c;
    }
  }
  return out + seg.normalize('NFKC');
}

/** Collapses whitespace: `collapse` makes every run one space; `keep-newlines` keeps line structure. */
export function collapseWhitespace(text: string, mode: NormalizeOptions['whitespace']): string {
  switch (mode) {
    case 'keep':
      return text;
    case 'collapse':
      return text.replace(/\s+/gu, ' ').trim();
    case 'keep-newlines':
      return text
        .split('\n')
        .map((line) => line.replace(HSPACE, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
  }
}

type Converter = (s: string) => string;

/** Normalises text: controls and invisible characters out, NFKC, optional Traditional->Simplified, whitespace. */
export class NormalizeStep implements CleaningStep {
  readonly name = 'normalize';
  private readonly counter: StepCounter;
  private toSimplified: Converter | undefined;

  constructor(
    private readonly opts: NormalizeOptions,
    maxExamples: number,
  ) {
    this.counter = new StepCounter(this.name, maxExamples);
  }

  async init(): Promise<void> {
    if (this.opts.toSimplified && !this.toSimplified) {
      const OpenCC = await import('opencc-js/t2cn');
      this.toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
    }
  }

  /** Normalises one text; `found` receives the names of the changes made. */
  normalize(text: string, found?: (kind: string) => void): string {
    const o = this.opts;
    let t = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
    const stage = (kind: string, next: string) => {
      if (next !== t) found?.(kind);
      t = next;
    };
    if (o.removeControl) stage('control', t.replace(CONTROL, ''));
    if (o.removeInvisible) stage('invisible', t.replace(INVISIBLE, ''));
    if (o.nfkc) stage('nfkc', o.cjkPunctuation === 'keep' ? nfkcKeepingCjkPunctuation(t) : t.normalize('NFKC'));
    if (o.toSimplified) {
      if (!this.toSimplified) throw new Error('normalize: call init() before toSimplified is used');
      stage('simplified', this.toSimplified(t));
    }
    stage('whitespace', collapseWhitespace(t, o.whitespace));
    return t;
  }

  process(batch: Item[]): Item[] {
    const c = this.counter;
    for (const item of batch) {
      c.in++;
      const before = item.text;
      item.text = this.normalize(before, (kind) => c.find(kind, { index: item.index, text: before }));
      if (item.text !== before) c.changed++;
      c.out++;
    }
    return batch;
  }

  report() {
    return this.counter.report();
  }
}
