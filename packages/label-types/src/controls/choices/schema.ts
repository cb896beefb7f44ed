import { z } from 'zod';
import { controlLabelSchema, hotkeySchema, nameSchema } from '../../name.js';
import { refuseRepeats } from '../options.js';

export const choiceSchema = z.object({
  /** What results carry (Label Studio's `alias` when one is set, else its `value`). */
  value: z.string().min(1).max(200),
  /** A single key, 1-9 or a letter; the workspace also answers by position with 1-9. */
  hotkey: hotkeySchema,
  /** Shown as a tooltip. */
  hint: z.string().max(500).optional(),
});
export type Choice = z.infer<typeof choiceSchema>;

/** Classification of an object (Label Studio `Choices`), or of each region when `perRegion`. */
export const choicesControlSchema = z
  .object({
    type: z.literal('choices'),
    name: nameSchema,
    /** Name of the object this control answers about. */
    toName: z.string().min(1),
    choices: z.array(choiceSchema).min(1).max(200),
    multiple: z.boolean().default(false),
    required: z.boolean().default(true),
    /** Answer about each region (span) of the object instead of the whole object. */
    perRegion: z.boolean().optional(),
    label: controlLabelSchema,
  })
  .superRefine((control, ctx) => refuseRepeats(control.choices, 'choices', 'choice', ctx));
export type ChoicesControl = z.infer<typeof choicesControlSchema>;
