import { codePoints } from '@biaozhu/label-types';
import { matchByIou } from './iou-matching.js';
import { QualityInputError } from './quality-input-error.js';
import { tokenRange, tokenizeText, type TextToken } from './text-tokens.js';

/** A labelled span `[start, end)` in code points of one annotator (Label Studio `labels` value, one label per span). */
export interface LabeledSpan {
  start: number;
  end: number;
  label: string;
}

/** One annotator's spans on a task. */
export interface SpanAnswer {
  worker: string;
  spans: readonly LabeledSpan[];
}

/** How two annotators' spans are taken to be the same entity. */
export type SpanMatch =
  /** same start, end and label */
  | { mode: 'exact' }
  /** same label and token IoU at least `threshold` (default 0.5) over the text's tokens (see tokenizeText) */
  | { mode: 'overlap'; threshold?: number };

export interface SpanConsensusOptions {
  match?: SpanMatch;
  /** A span is kept when more than this share of the task's annotators marked it (default 0.5: a strict majority). */
  minShare?: number;
}

/** A span of the combined answer, with who supports it. */
export interface ConsensusSpan extends LabeledSpan {
  /** Annotators whose span matched, each counted once. */
  support: string[];
  /** support / annotators of the task. */
  share: number;
}

/**
 * Combines several annotators' spans on one text into one answer: spans are grouped across annotators (exactly, or
 * by token overlap with the same label), and a group is kept when a strict majority of the annotators is in it. Its
 * boundaries are the most often marked exact span of the group (ties: the earliest, then the longest, which
 * is the one most likely to cover an entity that others marked in part), so the
 * answer is always a span someone actually marked, never an average no one chose.
 *
 * With `overlap`, groups are seeded by the most frequent exact spans first and each annotator joins a group with at
 * most one span, the one with the highest IoU against the seed; so one annotator's split of an entity into two
 * cannot count twice.
 */
export function spanConsensus(text: string, answers: readonly SpanAnswer[], options: SpanConsensusOptions = {}): ConsensusSpan[] {
  const match = options.match ?? { mode: 'exact' };
  const minShare = options.minShare ?? 0.5;
  if (!(minShare >= 0 && minShare < 1)) throw new QualityInputError(`minShare must be in [0, 1), got ${minShare}`);
  const annotators = new Set(answers.map((a) => a.worker)).size;
  if (annotators === 0) return [];
  const length = codePoints(text).length;
  for (const a of answers) for (const s of a.spans) checkSpan(length, s);

  // every distinct exact span, with the annotators who marked it
  const exact = new Map<string, { span: LabeledSpan; workers: Set<string> }>();
  for (const a of answers) {
    for (const s of a.spans) {
      const key = `${s.start}:${s.end}:${s.label}`;
      const entry = exact.get(key) ?? { span: { start: s.start, end: s.end, label: s.label }, workers: new Set<string>() };
      entry.workers.add(a.worker);
      exact.set(key, entry);
    }
  }
  const seeds = [...exact.values()].sort(
    (p, q) => q.workers.size - p.workers.size || p.span.start - q.span.start || q.span.end - q.span.start - (p.span.end - p.span.start) || p.span.label.localeCompare(q.span.label),
  );

  const kept: ConsensusSpan[] = [];
  if (match.mode === 'exact') {
    for (const { span, workers } of seeds) keep(kept, span, [...workers], annotators, minShare);
    return sortSpans(kept);
  }

  const threshold = match.threshold ?? 0.5;
  const tokens = tokenizeText(text);
  // each annotator's spans that no group has taken yet
  const free = new Map<string, LabeledSpan[]>();
  for (const a of answers) free.set(a.worker, [...(free.get(a.worker) ?? []), ...a.spans]);
  for (const { span: seed } of seeds) {
    const members: string[] = [];
    for (const [worker, spans] of free) {
      let best = -1;
      let bestIou = 0;
      spans.forEach((s, i) => {
        if (s.label !== seed.label) return;
        const iou = tokenIou(tokens, seed, s);
        if (iou >= threshold && iou > bestIou) {
          best = i;
          bestIou = iou;
        }
      });
      if (best >= 0) {
        members.push(worker);
        spans.splice(best, 1);
      }
    }
    if (members.length > 0) keep(kept, seed, members, annotators, minShare);
  }
  return sortSpans(kept);
}

function keep(out: ConsensusSpan[], span: LabeledSpan, support: string[], annotators: number, minShare: number): void {
  const share = support.length / annotators;
  if (share > minShare) out.push({ ...span, support: support.sort(), share });
}

function sortSpans(spans: ConsensusSpan[]): ConsensusSpan[] {
  return spans.sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
}

function checkSpan(length: number, s: LabeledSpan): void {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > length || s.start >= s.end) {
    throw new QualityInputError(`span [${s.start}, ${s.end}) is not inside a text of ${length} characters`);
  }
}

/** IoU of the token sets two character spans touch (1 for the same tokens, 0 for none shared). */
export function tokenIou(tokens: readonly TextToken[], a: { start: number; end: number }, b: { start: number; end: number }): number {
  const ra = tokenRange(tokens, a.start, a.end);
  const rb = tokenRange(tokens, b.start, b.end);
  if (!ra || !rb) return 0;
  const inter = Math.max(0, Math.min(ra.last, rb.last) - Math.max(ra.first, rb.first) + 1);
  const union = ra.last - ra.first + 1 + (rb.last - rb.first + 1) - inter;
  return union > 0 ? inter / union : 0;
}

/** Span agreement between annotators over many texts. */
export interface SpanAgreement {
  /**
   * Micro-averaged pairwise F1: over every pair of annotators on every task, 2 x matched spans / (spans of both).
   * Hripcsak and Rothschild (2005) show that this F-measure is the agreement measure that fits span annotation, where
   * kappa needs a count of negative cases that does not exist. 1 when no pair marked anything.
   */
  f1: number;
  /** Pairs of annotators compared (over all tasks). */
  pairs: number;
  /** Tasks with at least two annotators. */
  tasks: number;
}

/**
 * Pairwise F1 agreement of annotators' spans, exact or by token overlap with the same label, over a set of texts.
 * Each pair of annotators of a task is matched one-to-one (matchByIou), so an entity split in two by one annotator
 * matches at most once.
 *
 * Reference: G. Hripcsak and A. S. Rothschild, "Agreement, the F-measure, and reliability in information retrieval",
 * JAMIA 12(3), 2005.
 */
export function spanAgreement(items: ReadonlyArray<{ text: string; answers: readonly SpanAnswer[] }>, match: SpanMatch = { mode: 'exact' }): SpanAgreement {
  let matched = 0;
  let total = 0;
  let pairs = 0;
  let tasks = 0;
  for (const item of items) {
    if (item.answers.length < 2) continue;
    tasks += 1;
    const length = codePoints(item.text).length;
    for (const a of item.answers) for (const s of a.spans) checkSpan(length, s);
    const tokens = match.mode === 'overlap' ? tokenizeText(item.text) : [];
    const iou =
      match.mode === 'overlap'
        ? (x: LabeledSpan, y: LabeledSpan) => tokenIou(tokens, x, y)
        : (x: LabeledSpan, y: LabeledSpan) => (x.start === y.start && x.end === y.end ? 1 : 0);
    const threshold = match.mode === 'overlap' ? (match.threshold ?? 0.5) : 1;
    for (let i = 0; i < item.answers.length; i++) {
      for (let j = i + 1; j < item.answers.length; j++) {
        const a = item.answers[i]!.spans;
        const b = item.answers[j]!.spans;
        const m = matchByIou(a, b, iou, { threshold, sameLabel: true });
        matched += m.pairs.length;
        total += a.length + b.length;
        pairs += 1;
      }
    }
  }
  return { f1: total > 0 ? (2 * matched) / total : 1, pairs, tasks };
}
