import { z } from 'zod';
import { dataKeySchema, nameSchema } from '../../name.js';

/**
 * A dialogue (Label Studio `Paragraphs`): the data field holds the turns, `[{author, text}, ...]`; `nameKey` and
 * `textKey` name the fields of a turn when they are called something else.
 */
export const dialogueObjectSchema = z.object({
  type: z.literal('dialogue'),
  name: nameSchema,
  value: dataKeySchema,
  nameKey: dataKeySchema.default('author'),
  textKey: dataKeySchema.default('text'),
});
export type DialogueObject = z.infer<typeof dialogueObjectSchema>;
