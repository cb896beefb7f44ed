import { REVIEW_FILTERS, TASK_FILTER_KEYS, TASK_STATES, type TaskFilter } from '@biaozhu/core';
import { z } from 'zod';

/**
 * The task browser's filter as query parameters, the same names in the list (GET .../tasks) and in the export of
 * the filter (GET .../export), so the web app passes its list's query string to both.
 */
export const taskFilterQuery = z.object({
  state: z.enum(TASK_STATES).optional(),
  annotator: z.coerce.number().int().positive().optional(),
  answers: z.enum(['any', 'none']).optional(),
  gold: z.enum(['true', 'false']).optional(),
  review: z.enum(REVIEW_FILTERS).optional(),
  importId: z.coerce.number().int().positive().optional(),
  q: z.string().max(200).optional(),
  label: z.string().max(200).optional(),
  agreementBelow: z.coerce.number().min(0).max(1).optional(),
});

/** The same filter in a JSON body (bulk actions given a filter instead of a selection); unknown keys refused. */
export const taskFilterBody = z.strictObject({
  state: z.enum(TASK_STATES).optional(),
  annotator: z.number().int().positive().optional(),
  answers: z.enum(['any', 'none']).optional(),
  gold: z.boolean().optional(),
  review: z.enum(REVIEW_FILTERS).optional(),
  importId: z.number().int().positive().optional(),
  q: z.string().max(200).optional(),
  label: z.string().max(200).optional(),
  agreementBelow: z.number().min(0).max(1).optional(),
});

/** The parsed query's filter, or undefined when none of its parameters is set. */
export function filterOfQuery(query: z.infer<typeof taskFilterQuery>): TaskFilter | undefined {
  const filter: TaskFilter = { ...query, gold: query.gold === undefined ? undefined : query.gold === 'true' };
  return TASK_FILTER_KEYS.some((k) => filter[k] !== undefined) ? filter : undefined;
}
