import { spanText } from '../../controls/labels/span.js';
import { trimSpan } from './segments.js';

/**
 * The keyboard's way to make a span: a caret between code points of the text, moved by character, by word or to an
 * edge, and a selection from an anchor to the caret (Shift with the move). Pure: the workspace keeps the place in its
 * region state and turns the selection into the region waiting for a label key, as a mouse selection is.
 */

/** A caret move: `char` one code point, `word` to the end (forwards) or start (backwards) of a word, `edge` to the text's start or end. */
export interface CaretMove {
  by: 'char' | 'word' | 'edge';
  step: 1 | -1;
  /** Shift held: the selection runs from the anchor to the caret's new place. */
  extend: boolean;
}

/** Where the caret is (a code-point offset, 0..length) and where the selection began (null: no selection). */
export interface CaretPlace {
  at: number;
  anchor: number | null;
}

/**
 * How a code point counts for word steps: Latin (and other spaced scripts') letters, digits and marks run together
 * as words; a Han, kana or other unspaced-script character is a word of its own, since Chinese and Japanese have no
 * spaces to tell words by; punctuation and symbols (an emoji too) are steps of their own; whitespace is skipped.
 */
type PointClass = 'space' | 'word' | 'single';

const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;

function classOf(point: string | undefined): PointClass {
  if (point === undefined || /^\s$/u.test(point)) return 'space';
  if (UNSPACED.test(point)) return 'single';
  if (/^[\p{L}\p{N}\p{M}_]$/u.test(point)) return 'word';
  return 'single';
}

const clamp = (at: number, length: number) => Math.max(0, Math.min(length, at));

/** The offset one word step from `at`: past the whitespace, then past a run of word characters (or one other character). */
function wordStep(points: readonly string[], at: number, step: 1 | -1): number {
  const length = points.length;
  // The code point the caret passes next: after it going forwards, before it going backwards.
  const next = (i: number) => (step === 1 ? points[i] : points[i - 1]);
  const inside = (i: number) => (step === 1 ? i < length : i > 0);
  let i = at;
  while (inside(i) && classOf(next(i)) === 'space') i += step;
  if (!inside(i)) return i;
  if (classOf(next(i)) === 'single') return i + step;
  while (inside(i) && classOf(next(i)) === 'word') i += step;
  return i;
}

/** The caret's offset after `move` from `at` (clamped to the text). */
export function caretTarget(points: readonly string[], at: number, move: Omit<CaretMove, 'extend'>): number {
  const from = clamp(at, points.length);
  if (move.by === 'edge') return move.step === 1 ? points.length : 0;
  if (move.by === 'char') return clamp(from + move.step, points.length);
  return wordStep(points, from, move.step);
}

/**
 * The caret after a move. With `extend` the anchor stays (or is set where the caret was when no selection is going
 * on); without it the selection ends, and a plain step with a selection going on lands on that side of it, as in a
 * text editor.
 */
export function moveCaret(points: readonly string[], place: CaretPlace, move: CaretMove): CaretPlace {
  const at = clamp(place.at, points.length);
  if (move.extend) return { at: caretTarget(points, at, move), anchor: place.anchor === null ? at : clamp(place.anchor, points.length) };
  if (place.anchor !== null && place.anchor !== at && move.by === 'char') {
    const sides = [clamp(place.anchor, points.length), at];
    return { at: move.step === 1 ? Math.max(...sides) : Math.min(...sides), anchor: null };
  }
  return { at: caretTarget(points, at, move), anchor: null };
}

/**
 * The span the caret's selection makes, as a mouse selection makes it: `[start, end)` in code points with the
 * whitespace at its ends left out, and its text; null without a selection or when only whitespace is selected.
 */
export function caretSelection(points: readonly string[], place: CaretPlace): { start: number; end: number; text: string } | null {
  if (place.anchor === null) return null;
  const a = clamp(place.anchor, points.length);
  const b = clamp(place.at, points.length);
  const { start, end } = trimSpan(points, Math.min(a, b), Math.max(a, b));
  return end > start ? { start, end, text: spanText(points, start, end) } : null;
}
