import { createRng } from '../quality/rng.js';
import { TABLE_1_ROWS, TABLE_2A_AQLS, TABLE_2A_ROWS } from './iso2859-tables.js';

/** General (I, II, III) and special (S-1 to S-4) inspection levels of ISO 2859-1 Table 1. */
export const INSPECTION_LEVELS = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'] as const;
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];

/** The AQL columns of Table 2-A, written as in the standard (`0.65`, `1.0`, `10`). */
export const AQLS: readonly string[] = TABLE_2A_AQLS;

/** A normal single sampling plan resolved for one lot. */
export interface SamplingPlan {
  lotSize: number;
  aql: string;
  level: InspectionLevel;
  /** The code letter Table 1 gives for the lot size. */
  codeLetter: string;
  /** The letter whose row holds the plan after following the arrows (the sample size comes from it). */
  planLetter: string;
  /** n of the plan. */
  sampleSize: number;
  /** Items actually inspected: n, or the whole lot when n >= lot size (100% inspection). */
  inspect: number;
  fullInspection: boolean;
  ac: number;
  re: number;
}

interface Row {
  letter: string;
  n: number;
  cells: string[];
}

const LOT_RANGES = TABLE_1_ROWS.map((line) => {
  const [range = '', ...letters] = line.split(' | ');
  const [low = '', high = ''] = range.split('–');
  return { low: Number(low), high: high === '∞' ? Infinity : Number(high), letters };
});

const ROWS: Row[] = TABLE_2A_ROWS.map((line) => {
  const [letter = '', n = '', ...cells] = line.split(' | ');
  return { letter, n: Number(n), cells };
});

/** Table 1: the sample size code letter for a lot size at an inspection level. */
export function codeLetter(lotSize: number, level: InspectionLevel = 'II'): string {
  if (!Number.isInteger(lotSize) || lotSize < 2) throw new RangeError(`lot size must be an integer of at least 2, got ${lotSize}`);
  const column = INSPECTION_LEVELS.indexOf(level);
  if (column < 0) throw new RangeError(`unknown inspection level ${String(level)}`);
  const range = LOT_RANGES.find((r) => lotSize >= r.low && lotSize <= r.high);
  const letter = range?.letters[column];
  if (!letter) throw new RangeError(`no code letter for lot size ${lotSize}`);
  return letter;
}

/**
 * ISO 2859-1 normal single sampling (Table 1 then Table 2-A): the code letter of the lot size, then the Ac/Re
 * cell of the AQL, following an arrow to the first plan below or above, whose row gives the sample size. When n is
 * at least the lot size every item is inspected.
 */
export function samplingPlan(lotSize: number, aql: string, level: InspectionLevel = 'II'): SamplingPlan {
  const column = TABLE_2A_AQLS.indexOf(aql);
  if (column < 0) throw new RangeError(`AQL ${aql} is not a column of Table 2-A (${TABLE_2A_AQLS.join(', ')})`);
  const letter = codeLetter(lotSize, level);
  let index = ROWS.findIndex((r) => r.letter === letter);
  const seen = new Set<number>();
  for (;;) {
    const row = ROWS[index];
    if (!row || seen.has(index)) throw new RangeError(`Table 2-A has no plan for code letter ${letter} at AQL ${aql}`);
    seen.add(index);
    const cell = row.cells[column] ?? '';
    if (cell === '↓') index += 1;
    else if (cell === '↑') index -= 1;
    else {
      const [ac, re] = cell.split('/').map(Number);
      if (ac === undefined || re === undefined || !Number.isInteger(ac) || !Number.isInteger(re)) throw new RangeError(`bad Table 2-A cell "${cell}"`);
      const fullInspection = row.n >= lotSize;
      return { lotSize, aql, level, codeLetter: letter, planLetter: row.letter, sampleSize: row.n, inspect: Math.min(row.n, lotSize), fullInspection, ac, re };
    }
  }
}

/** Draws `n` distinct items reproducibly from `ids` with a seeded partial Fisher-Yates shuffle (ids sorted first). */
export function drawSample(ids: readonly number[], n: number, seed: number): number[] {
  const pool = [...ids].sort((a, b) => a - b);
  const rng = createRng(seed);
  const take = Math.min(n, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.slice(0, take);
}

export type LotVerdict = 'inspecting' | 'accepted' | 'rejected';

/** Accept when the whole sample is inspected with defects <= Ac; reject as soon as defects reach Re. */
export function lotVerdict(defects: number, inspected: number, toInspect: number, ac: number, re: number): LotVerdict {
  if (defects >= re) return 'rejected';
  if (inspected >= toInspect) return defects <= ac ? 'accepted' : 'rejected';
  return 'inspecting';
}
