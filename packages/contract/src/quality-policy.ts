import { z } from 'zod';

/** A project's quality policy: the gold pause rule, the review sampling share and the contract's accuracy clause. */
export const qualityPolicySchema = z
  .object({
    /** Pause a worker whose gold accuracy falls below this (0..1); null never pauses. */
    pauseBelow: z.number().min(0).max(1).nullable().default(null),
    /** Gold answers needed before the pause rule applies (K). */
    minGold: z.number().int().min(1).max(10_000).default(10),
    /** Share of annotations the `sample` review mode shows. */
    reviewSampleRate: z.number().min(0).max(1).default(0.1),
    /** Required accuracy of the contract (e.g. 0.95), reported beside lot verdicts; null when the contract has none. */
    requiredAccuracy: z.number().min(0).max(1).nullable().default(null),
  })
  .strict();

export type QualityPolicy = z.infer<typeof qualityPolicySchema>;
