import { z } from 'zod';

/**
 * One result item, exactly in Label Studio's shape so that its task files and ML backends work unchanged.
 * Unknown keys (e.g. `origin`, `score`, `readonly`) are kept as they are, so an import-export round trip is lossless.
 */
export const resultItemSchema = z.looseObject({
  id: z.string().min(1).max(100).optional(),
  from_name: z.string().min(1),
  to_name: z.string().min(1),
  type: z.string().min(1),
  value: z.looseObject({}),
});
export type ResultItem = z.infer<typeof resultItemSchema>;

export const resultSchema = z.array(resultItemSchema).max(1000);
