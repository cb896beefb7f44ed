import { z } from 'zod';

/**
 * How a project hands out work. Every field has a default, so `{}` is a valid policy: fixed overlap (the
 * project's `overlap`), import order, no gold, no cap, everyone eligible. Annotation is always blind: an annotator
 * never sees another's answers.
 */
export const overlapPolicySchema = z.discriminatedUnion('mode', [
  /** Every task gets the project's overlap. */
  z.object({ mode: z.literal('fixed') }),
  /** A share of tasks (chosen reproducibly from the seed) get `overlap` answers, the rest the project's overlap. */
  z.object({ mode: z.literal('share'), share: z.number().min(0).max(1), overlap: z.number().int().min(1).max(50) }),
  /**
   * Start with the project's overlap; when a task has all its answers and their agreement (share of the most common
   * answer) is below `threshold`, ask for one more, up to `max`.
   */
  z.object({ mode: z.literal('dynamic'), max: z.number().int().min(1).max(50), threshold: z.number().gt(0).max(1) }),
]);

export const claimOrderSchema = z.enum(['import', 'random', 'priority', 'fewest_answers']);
export type ClaimOrder = z.infer<typeof claimOrderSchema>;

export const assignmentPolicySchema = z.object({
  overlap: overlapPolicySchema.default({ mode: 'fixed' }),
  /** Chance that a claim hands out a hidden gold task (honeypot) instead of work; 0 turns gold injection off. */
  goldRate: z.number().min(0).max(1).default(0),
  order: claimOrderSchema.default('import'),
  /** Seed of the `random` order and of the `share` choice. */
  seed: z.number().int().min(0).max(2_147_483_647).default(1),
  /** Most answers one worker may give in this project per calendar day; null for no cap. */
  dailyCap: z.number().int().min(1).max(100_000).nullable().default(null),
  /** The calendar day of the cap, as minutes east of UTC (China: 480). */
  capUtcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
  eligibility: z
    .object({
      /** Members of any of these teams may work; empty means no team restriction. */
      teams: z.array(z.number().int().positive()).max(100).default([]),
      /** A qualification every worker needs, e.g. an exam passed; null for none. */
      qualification: z.string().min(1).max(100).nullable().default(null),
    })
    .default({ teams: [], qualification: null }),
});
export type AssignmentPolicy = z.infer<typeof assignmentPolicySchema>;
export type AssignmentPolicyInput = z.input<typeof assignmentPolicySchema>;
