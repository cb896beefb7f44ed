import { z } from 'zod';
import { controlLabelSchema, nameSchema } from '../../name.js';
import { configIssueParams } from '../../config-issues.js';

/** A number, optionally within `min`..`max` and on a `step` counted from `min` (Label Studio `Number`). */
export const numberControlSchema = z
  .object({
    type: z.literal('number'),
    name: nameSchema,
    toName: z.string().min(1),
    min: z.number().optional(),
    max: z.number().optional(),
    step: z.number().positive().optional(),
    required: z.boolean().default(true),
    /** Answer about each region (a span, a box) of the object instead of the whole object. */
    perRegion: z.boolean().optional(),
    label: controlLabelSchema,
  })
  .superRefine((c, ctx) => {
    if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${c.max}) is below min (${c.min})`, params: configIssueParams('max_below_min', { min: c.min, max: c.max }) });
    }
  });
export type NumberControl = z.infer<typeof numberControlSchema>;
