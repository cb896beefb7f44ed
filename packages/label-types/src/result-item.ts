import { z } from 'zod';

/**
 * One result item of a control, exactly in Label Studio's shape so that its task files and ML backends work
 * unchanged. Unknown keys (e.g. `origin`, `score`, `readonly`) are kept as they are, so an import-export round trip
 * is lossless. Items of the same region share their `id` (a span and the text typed about it).
 */
export const resultItemSchema = z.looseObject({
  id: z.string().min(1).max(100).optional(),
  from_name: z.string().min(1),
  to_name: z.string().min(1),
  type: z.string().min(1),
  value: z.looseObject({}),
});
export type ResultItem = z.infer<typeof resultItemSchema>;

/**
 * A relation between two regions of the same answer, as Label Studio's editor writes it (RelationStore.serialize):
 * no `from_name`, `to_name` or `value`; the region ids, a direction and the relation labels at the top level.
 */
export const relationItemSchema = z.looseObject({
  type: z.literal('relation'),
  from_id: z.string().min(1).max(100),
  to_id: z.string().min(1).max(100),
  direction: z.enum(['right', 'left', 'bi']),
  labels: z.array(z.string()).max(200).optional(),
});
export type RelationItem = z.infer<typeof relationItemSchema>;

/** Anything a result array holds: control items and relations. */
export type ResultEntry = ResultItem | RelationItem;

/** True for a relation entry (it names regions, not a control). */
export function isRelationItem(entry: ResultEntry): entry is RelationItem {
  return entry.type === 'relation' && !('from_name' in entry);
}

const looksLikeRelation = (value: unknown) =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'relation' && !('from_name' in value);

/**
 * One entry, checked against the schema its shape asks for, so a broken item is reported by its own field
 * (`result[2].to_name`) rather than as "matches neither".
 */
export const resultEntrySchema = z.unknown().transform((value, ctx): ResultEntry => {
  const parsed = looksLikeRelation(value) ? relationItemSchema.safeParse(value) : resultItemSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: value } as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  }
  return parsed.data;
});

/** A whole answer: at most 1000 entries. */
export const resultSchema = z.array(resultEntrySchema).max(1000);
