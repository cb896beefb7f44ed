import type { z } from 'zod';
import { dataObjectSchema } from '../data-object.js';

/** Image (Label Studio `Image`): the data field holds the image URL. */
export const imageObjectSchema = dataObjectSchema('image');
export type ImageObject = z.infer<typeof imageObjectSchema>;
