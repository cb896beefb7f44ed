import type { z } from 'zod';
import { dataObjectSchema } from '../data-object.js';

/** Text (Label Studio `Text`): plain text, shown as text. */
export const textObjectSchema = dataObjectSchema('text');
export type TextObject = z.infer<typeof textObjectSchema>;
