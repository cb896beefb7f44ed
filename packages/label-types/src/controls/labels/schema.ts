import { z } from 'zod';
import { controlLabelSchema, hotkeySchema, nameSchema } from '../../name.js';
import { refuseRepeats } from '../options.js';

export const spanLabelSchema = z.object({
  /** What results carry (Label Studio's `alias` when one is set, else its `value`). */
  value: z.string().min(1).max(200),
  hotkey: hotkeySchema,
  /** The span's colour, as Label Studio's `background` (any CSS colour). */
  background: z.string().max(50).optional(),
  hint: z.string().max(500).optional(),
});
export type SpanLabel = z.infer<typeof spanLabelSchema>;

/** Named entities: labelled spans of a text object (Label Studio `Labels` on a `Text`). */
export const labelsControlSchema = z
  .object({
    type: z.literal('labels'),
    name: nameSchema,
    /** Name of the text object the spans are in. */
    toName: z.string().min(1),
    labels: z.array(spanLabelSchema).min(1).max(200),
    /** Whether one span may carry several labels (Label Studio `choice="multiple"`). */
    multiple: z.boolean().default(false),
    /** At least one span is needed. */
    required: z.boolean().default(false),
    label: controlLabelSchema,
  })
  .superRefine((control, ctx) => refuseRepeats(control.labels, 'labels', 'label', ctx));
export type LabelsControl = z.infer<typeof labelsControlSchema>;
