import { assignmentPolicySchema } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { fieldAtFault, fromForm, toForm } from './policy-form';

const defaults = assignmentPolicySchema.parse({});

describe('assignment-policy form', () => {
  it('round-trips a policy, with shares and rates as percentages', () => {
    const policy = assignmentPolicySchema.parse({
      overlap: { mode: 'dynamic', max: 5, threshold: 0.66 },
      goldRate: 0.05,
      order: 'fewest_answers',
      seed: 42,
      dailyCap: 200,
      capUtcOffsetMinutes: 480,
      eligibility: { teams: [3, 4], qualification: 'exam-1' },
    });
    const form = toForm({ overlap: 2, leaseTtlSeconds: 600, policy });
    expect(form.dynamicThresholdPct).toBe('66');
    expect(form.goldRatePct).toBe('5');
    expect(fromForm(form)).toEqual({ overlap: 2, leaseTtlSeconds: 600, policy });
  });

  it('sends no cap and no qualification for empty fields, and the chosen mode only', () => {
    const form = { ...toForm({ overlap: 1, leaseTtlSeconds: 60, policy: defaults }), mode: 'share' as const, shareSharePct: '12.5' };
    const { policy } = fromForm(form);
    expect(policy.dailyCap).toBeNull();
    expect(policy.eligibility.qualification).toBeNull();
    expect(policy.overlap).toEqual({ mode: 'share', share: 0.125, overlap: 2 });
    expect(assignmentPolicySchema.safeParse(policy).success).toBe(true);
  });

  it('turns a blank number into null, so the server names the field', () => {
    const form = { ...toForm({ overlap: 1, leaseTtlSeconds: 60, policy: defaults }), seed: ' ' };
    expect(JSON.parse(JSON.stringify(fromForm(form))).policy.seed).toBeNull();
  });
});

describe('fieldAtFault', () => {
  it('finds the field from the path the server message starts with, or from details.field', () => {
    expect(fieldAtFault('policy.goldRate: Too big: expected number to be <=1')).toBe('goldRatePct');
    expect(fieldAtFault('policy.eligibility.teams[0]: Too small')).toBe('teams');
    expect(fieldAtFault('leaseTtlSeconds: from 10 to 86400', { field: 'leaseTtlSeconds' })).toBe('leaseTtlSeconds');
    expect(fieldAtFault('something else')).toBeNull();
  });
});
