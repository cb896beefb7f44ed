import type { z } from 'zod';
import { dataObjectSchema } from '../data-object.js';

/** HTML (Label Studio `HyperText`): the data field holds HTML, which the workspace shows only sanitised. */
export const hypertextObjectSchema = dataObjectSchema('hypertext');
export type HypertextObject = z.infer<typeof hypertextObjectSchema>;
