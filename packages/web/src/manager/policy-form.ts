import type { AssignmentPolicy, ClaimOrder } from '@biaozhu/contract';
import type { AssignmentPolicyState, PolicyUpdate } from '../api-types';

export type OverlapMode = AssignmentPolicy['overlap']['mode'];
export const OVERLAP_MODES: OverlapMode[] = ['fixed', 'share', 'dynamic'];
export const ORDERS: ClaimOrder[] = ['import', 'random', 'priority', 'fewest_answers'];

/**
 * The assignment-policy editor's fields as typed (text, so a half-typed number is not lost). Shares and rates are
 * shown as percentages; the API takes fractions from 0 to 1.
 */
export interface PolicyForm {
  overlap: string;
  leaseTtlSeconds: string;
  mode: OverlapMode;
  shareSharePct: string;
  shareOverlap: string;
  dynamicMax: string;
  dynamicThresholdPct: string;
  goldRatePct: string;
  order: ClaimOrder;
  seed: string;
  /** Empty for no cap. */
  dailyCap: string;
  capUtcOffsetMinutes: string;
  teams: number[];
  /** Empty for none. */
  qualification: string;
}

const pct = (fraction: number): string => String(Math.round(fraction * 10_000) / 100);
const fraction = (percent: string): number => Math.round(num(percent) * 100) / 10_000;

/** A typed number; a blank or garbled field becomes NaN, which is sent as null so the server names the field. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export function toForm(state: AssignmentPolicyState): PolicyForm {
  const { policy } = state;
  const o = policy.overlap;
  return {
    overlap: String(state.overlap),
    leaseTtlSeconds: String(state.leaseTtlSeconds),
    mode: o.mode,
    shareSharePct: pct(o.mode === 'share' ? o.share : 0.1),
    shareOverlap: String(o.mode === 'share' ? o.overlap : state.overlap + 1),
    dynamicMax: String(o.mode === 'dynamic' ? o.max : state.overlap + 2),
    dynamicThresholdPct: pct(o.mode === 'dynamic' ? o.threshold : 0.7),
    goldRatePct: pct(policy.goldRate),
    order: policy.order,
    seed: String(policy.seed),
    dailyCap: policy.dailyCap === null ? '' : String(policy.dailyCap),
    capUtcOffsetMinutes: String(policy.capUtcOffsetMinutes),
    teams: [...policy.eligibility.teams],
    qualification: policy.eligibility.qualification ?? '',
  };
}

function overlapOf(f: PolicyForm): AssignmentPolicy['overlap'] {
  switch (f.mode) {
    case 'fixed':
      return { mode: 'fixed' };
    case 'share':
      return { mode: 'share', share: fraction(f.shareSharePct), overlap: num(f.shareOverlap) };
    case 'dynamic':
      return { mode: 'dynamic', max: num(f.dynamicMax), threshold: fraction(f.dynamicThresholdPct) };
  }
}

/** The PUT body for the form. Numbers are not checked here: the server's 400 names the field at fault. */
export function fromForm(f: PolicyForm): PolicyUpdate {
  return {
    overlap: num(f.overlap),
    leaseTtlSeconds: num(f.leaseTtlSeconds),
    policy: {
      overlap: overlapOf(f),
      goldRate: fraction(f.goldRatePct),
      order: f.order,
      seed: num(f.seed),
      dailyCap: f.dailyCap.trim() === '' ? null : num(f.dailyCap),
      capUtcOffsetMinutes: num(f.capUtcOffsetMinutes),
      eligibility: { teams: f.teams, qualification: f.qualification.trim() === '' ? null : f.qualification.trim() },
    },
  };
}

/** The form field a server message is about: its path comes first (`policy.goldRate: too big`) or in `details.field`. */
const FIELD_OF_PATH: Record<string, keyof PolicyForm> = {
  'overlap': 'overlap',
  'leaseTtlSeconds': 'leaseTtlSeconds',
  'policy.overlap.share': 'shareSharePct',
  'policy.overlap.overlap': 'shareOverlap',
  'policy.overlap.max': 'dynamicMax',
  'policy.overlap.threshold': 'dynamicThresholdPct',
  'policy.goldRate': 'goldRatePct',
  'policy.order': 'order',
  'policy.seed': 'seed',
  'policy.dailyCap': 'dailyCap',
  'policy.capUtcOffsetMinutes': 'capUtcOffsetMinutes',
  'policy.eligibility.teams': 'teams',
  'policy.eligibility.qualification': 'qualification',
};

export function fieldAtFault(message: string, details?: unknown): keyof PolicyForm | null {
  const named = details && typeof details === 'object' && 'field' in details ? String(details.field) : '';
  const path = (named || message.split(':')[0] || '').trim().replace(/\[\d+\]$/, '');
  return FIELD_OF_PATH[path] ?? null;
}
