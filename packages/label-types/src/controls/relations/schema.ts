import { z } from 'zod';
import { controlLabelSchema, nameSchema } from '../../name.js';
import { refuseRepeats } from '../options.js';

export const relationLabelSchema = z.object({
  value: z.string().min(1).max(200),
  background: z.string().max(50).optional(),
});

/**
 * Relations between regions of the same answer (Label Studio `Relations` with `Relation` labels). Label Studio's tag
 * has no name; `relations` is used when none is given. A config has at most one.
 */
export const relationsControlSchema = z
  .object({
    type: z.literal('relations'),
    name: nameSchema.default('relations'),
    /** The labels a relation may carry; none means relations carry no label. */
    labels: z.array(relationLabelSchema).max(200).default([]),
    /** Whether a relation may carry several labels; Label Studio's editor defaults to multiple. */
    multiple: z.boolean().default(true),
    label: controlLabelSchema,
  })
  .superRefine((control, ctx) => refuseRepeats(control.labels, 'labels', 'relation label', ctx));
export type RelationsControl = z.infer<typeof relationsControlSchema>;
