import { z } from 'zod';
import { controlLabelSchema, nameSchema } from '../../name.js';
import { configIssueParams } from '../../config-issues.js';

/** Label Studio's key for the items not moved into any bucket, when no bucket is the default. */
export const UNSORTED_BUCKET = '_';

export const bucketSchema = z.object({
  name: nameSchema.refine((n) => n !== UNSORTED_BUCKET, `"${UNSORTED_BUCKET}" is Label Studio's name for the unsorted items`),
  title: z.string().max(200).optional(),
  /** The bucket that holds every item at the start. */
  default: z.boolean().optional(),
});
export type Bucket = z.infer<typeof bucketSchema>;

/**
 * Order the items of a list object (Label Studio `Ranker` on a `List`), or sort them into `buckets`. Results are of
 * type `ranker`: `{ranker: {<control name>: [ids in order]}}`, or with buckets `{ranker: {<bucket>: [ids], ...}}`.
 */
export const rankingControlSchema = z
  .object({
    type: z.literal('ranking'),
    name: nameSchema,
    /** The list object whose items are ranked. */
    toName: z.string().min(1),
    buckets: z.array(bucketSchema).max(50).optional(),
    required: z.boolean().default(true),
    label: controlLabelSchema,
  })
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    (c.buckets ?? []).forEach((b, i) => {
      if (names.has(b.name)) ctx.addIssue({ code: 'custom', path: ['buckets', i, 'name'], message: `duplicate bucket "${b.name}"`, params: configIssueParams('duplicate_bucket', { name: b.name }) });
      names.add(b.name);
    });
    if ((c.buckets ?? []).filter((b) => b.default === true).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['buckets'], message: 'only one bucket can be the default', params: configIssueParams('two_default_buckets') });
    }
  });
export type RankingControl = z.infer<typeof rankingControlSchema>;

/**
 * The keys a ranking may hold, as Label Studio's Ranker names its columns: the control's own name without buckets;
 * the bucket names with them, plus `_` for the unsorted items when no bucket is the default.
 */
export function rankingKeys(control: RankingControl): string[] {
  const buckets = control.buckets ?? [];
  if (buckets.length === 0) return [control.name];
  const names = buckets.map((b) => b.name);
  return buckets.some((b) => b.default === true) ? names : [UNSORTED_BUCKET, ...names];
}
