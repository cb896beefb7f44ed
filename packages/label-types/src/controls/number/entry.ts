import type { ResultItem } from '../../result-item.js';
import { numberIn, withOneItem } from '../one-item.js';
import type { NumberControl } from './schema.js';

/** The number in a control's items, or null. */
export function numberOf(items: readonly ResultItem[]): number | null {
  return numberIn(items, 'number', Number.isFinite);
}

/** The control's items holding `n` (`null`: no item). */
export function withNumber(control: NumberControl, items: readonly ResultItem[], n: number | null, newId: () => string): ResultItem[] {
  return n === null ? [] : withOneItem(control, 'number', items, { number: n }, newId);
}

/** What is wrong with a typed number, as a word of the view's texts and its values; null when nothing is. */
export interface NumberProblem {
  word: 'numberNotANumber' | 'numberBelowMin' | 'numberAboveMax' | 'numberOffStep';
  vars: Record<string, number>;
}

/** What the box holds: nothing, a number, or text that is not a number (`1e`, `--2`). */
export type NumberEntry = { kind: 'empty' } | { kind: 'number'; value: number } | { kind: 'invalid' };

export function parseNumberEntry(raw: string): NumberEntry {
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  const value = Number(text);
  return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'invalid' };
}

/**
 * The problem with a number under the control's `min`, `max` and `step`, by the rules the server checks
 * (validate.ts): within the bounds, on the step grid from `min` (or 0), a millionth of a step being rounding.
 */
export function numberProblem(control: NumberControl, entry: NumberEntry): NumberProblem | null {
  if (entry.kind === 'empty') return null;
  if (entry.kind === 'invalid') return { word: 'numberNotANumber', vars: {} };
  const n = entry.value;
  const { min, max, step } = control;
  if (min !== undefined && n < min) return { word: 'numberBelowMin', vars: { min } };
  if (max !== undefined && n > max) return { word: 'numberAboveMax', vars: { max } };
  if (step !== undefined) {
    const from = min ?? 0;
    const steps = (n - from) / step;
    if (Math.abs(steps - Math.round(steps)) > 1e-6) return { word: 'numberOffStep', vars: { step, from } };
  }
  return null;
}
