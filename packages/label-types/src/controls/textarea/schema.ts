import { z } from 'zod';
import { controlLabelSchema, nameSchema } from '../../name.js';

/** Free text about an object, or about each region when `perRegion` (Label Studio `TextArea`). */
export const textareaControlSchema = z.object({
  type: z.literal('textarea'),
  name: nameSchema,
  toName: z.string().min(1),
  required: z.boolean().default(true),
  perRegion: z.boolean().optional(),
  /** How many texts one answer may hold (Label Studio appends one per submission in the box). */
  maxSubmissions: z.number().int().min(1).max(1000).optional(),
  placeholder: z.string().max(500).optional(),
  rows: z.number().int().min(1).max(100).optional(),
  label: controlLabelSchema,
});
export type TextareaControl = z.infer<typeof textareaControlSchema>;
