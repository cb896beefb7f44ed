import { z } from 'zod';

/**
 * The native label config: what is shown (`objects`) and what is answered (`controls`). Label Studio XML is
 * converted into this shape on import (see core/projects/label-studio-xml.ts).
 */
const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or _ and hold only letters, digits, _ . -');

export const textObjectSchema = z.object({
  type: z.literal('text'),
  name,
  /** Key of the task's `data` that holds the text (Label Studio's `$text` is `text`). */
  value: z.string().min(1),
});

export const imageObjectSchema = z.object({
  type: z.literal('image'),
  name,
  /** Key of the task's `data` that holds the image URL. */
  value: z.string().min(1),
});

export const labelObjectSchema = z.discriminatedUnion('type', [textObjectSchema, imageObjectSchema]);
export type LabelObject = z.infer<typeof labelObjectSchema>;

export const choiceSchema = z.object({
  value: z.string().min(1).max(200),
  /** A single key, 1-9 or a letter; the workspace also answers by position with 1-9. */
  hotkey: z.string().length(1).optional(),
  /** Shown as a tooltip. */
  hint: z.string().max(500).optional(),
});
export type Choice = z.infer<typeof choiceSchema>;

export const choicesControlSchema = z.object({
  type: z.literal('choices'),
  name,
  /** Name of the object this control answers about. */
  toName: z.string().min(1),
  choices: z.array(choiceSchema).min(1).max(200),
  multiple: z.boolean().default(false),
  required: z.boolean().default(true),
  label: z.string().max(200).optional(),
});
export type ChoicesControl = z.infer<typeof choicesControlSchema>;

export const labelControlSchema = z.discriminatedUnion('type', [choicesControlSchema]);
export type LabelControl = z.infer<typeof labelControlSchema>;

export const labelConfigSchema = z
  .object({
    objects: z.array(labelObjectSchema).min(1).max(20),
    controls: z.array(labelControlSchema).min(1).max(50),
  })
  .superRefine((config, ctx) => {
    const objectNames = new Set<string>();
    config.objects.forEach((o, i) => {
      if (objectNames.has(o.name)) ctx.addIssue({ code: 'custom', path: ['objects', i, 'name'], message: `duplicate object name "${o.name}"` });
      objectNames.add(o.name);
    });
    const controlNames = new Set<string>();
    config.controls.forEach((c, i) => {
      if (controlNames.has(c.name) || objectNames.has(c.name)) {
        ctx.addIssue({ code: 'custom', path: ['controls', i, 'name'], message: `duplicate name "${c.name}"` });
      }
      controlNames.add(c.name);
      if (!objectNames.has(c.toName)) {
        ctx.addIssue({ code: 'custom', path: ['controls', i, 'toName'], message: `no object named "${c.toName}"` });
      }
      const values = new Set<string>();
      const keys = new Set<string>();
      c.choices.forEach((choice, j) => {
        if (values.has(choice.value)) {
          ctx.addIssue({ code: 'custom', path: ['controls', i, 'choices', j, 'value'], message: `duplicate choice "${choice.value}"` });
        }
        values.add(choice.value);
        if (choice.hotkey !== undefined) {
          if (keys.has(choice.hotkey)) {
            ctx.addIssue({ code: 'custom', path: ['controls', i, 'choices', j, 'hotkey'], message: `hotkey "${choice.hotkey}" used twice` });
          }
          keys.add(choice.hotkey);
        }
      });
    });
  });
export type LabelConfig = z.infer<typeof labelConfigSchema>;
