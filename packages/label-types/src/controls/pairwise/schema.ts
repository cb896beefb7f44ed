import { z } from 'zod';
import { controlLabelSchema, nameSchema } from '../../name.js';
import { configIssueParams } from '../../config-issues.js';

/**
 * Which of two objects is better (Label Studio `Pairwise`, `toName="left,right"`). Its items carry the control's own
 * name as `to_name`, as Label Studio's editor writes them.
 */
export const pairwiseControlSchema = z
  .object({
    type: z.literal('pairwise'),
    name: nameSchema,
    /** The left and the right object. */
    toName: z.tuple([z.string().min(1), z.string().min(1)]),
    required: z.boolean().default(true),
    label: controlLabelSchema,
  })
  .superRefine((c, ctx) => {
    if (c.toName[0] === c.toName[1]) ctx.addIssue({ code: 'custom', path: ['toName'], message: `compares "${c.toName[0]}" with itself; name two objects`, params: configIssueParams('pairwise_same_object', { name: c.toName[0] }) });
  });
export type PairwiseControl = z.infer<typeof pairwiseControlSchema>;
