import { z } from 'zod';
import { controlLabelSchema, hotkeySchema, nameSchema } from '../../name.js';

/** A rating from 1 to `maxRating` (Label Studio `Rating`; its default maximum is 5). */
export const ratingControlSchema = z.object({
  type: z.literal('rating'),
  name: nameSchema,
  toName: z.string().min(1),
  maxRating: z.number().int().min(1).max(100).default(5),
  required: z.boolean().default(true),
  /** Raises the rating by one (Label Studio's `hotkey`). */
  hotkey: hotkeySchema,
  label: controlLabelSchema,
});
export type RatingControl = z.infer<typeof ratingControlSchema>;
