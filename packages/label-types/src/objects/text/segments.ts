import type { SpanMark } from '../../region-state.js';

/** A stretch of text covered by the same marks: `[start, end)` in code points. */
export interface Segment {
  start: number;
  end: number;
  /** The marks covering it, outermost first (the innermost one gives its colour). */
  marks: SpanMark[];
  /** The marks that begin here, outermost first (their captions are shown before it). */
  opening: SpanMark[];
}

/**
 * The text cut where any mark starts or ends, so overlapping and nested spans can be drawn with plain inline
 * elements: each segment knows every mark over it. Marks outside the text are clipped; empty ones are dropped.
 *
 * @example segmentsOf(6, [{start: 0, end: 4}, {start: 2, end: 6}]) // [0,2) [2,4) [4,6), the middle one under both
 */
export function segmentsOf(length: number, marks: readonly SpanMark[]): Segment[] {
  const clipped = marks
    .map((m) => ({ ...m, start: Math.max(0, Math.min(m.start, length)), end: Math.max(0, Math.min(m.end, length)) }))
    .filter((m) => m.end > m.start);
  const cuts = [...new Set([0, length, ...clipped.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const outerFirst = (a: SpanMark, b: SpanMark) => b.end - b.start - (a.end - a.start) || a.start - b.start;
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] as number;
    const end = cuts[i + 1] as number;
    const over = clipped.filter((m) => m.start <= start && m.end >= end).sort(outerFirst);
    segments.push({ start, end, marks: over, opening: over.filter((m) => m.start === start) });
  }
  return segments;
}

/** The code points `[start, end)` with the whitespace at both ends left out (a selection dragged past a word). */
export function trimSpan(points: readonly string[], start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /^\s$/u.test(points[s] ?? '')) s++;
  while (e > s && /^\s$/u.test(points[e - 1] ?? '')) e--;
  return { start: s, end: e };
}
