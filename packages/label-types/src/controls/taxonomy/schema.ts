import { z } from 'zod';
import { controlLabelSchema, nameSchema } from '../../name.js';
import { configIssueParams } from '../../config-issues.js';

/** One node of the taxonomy tree; `value` is what result paths carry (Label Studio's `alias` when set). */
export interface TaxonomyNode {
  value: string;
  hint?: string | undefined;
  children?: TaxonomyNode[] | undefined;
}

export const taxonomyNodeSchema: z.ZodType<TaxonomyNode> = z.lazy(() =>
  z.object({
    value: z.string().min(1).max(200),
    hint: z.string().max(500).optional(),
    children: z.array(taxonomyNodeSchema).min(1).max(500).optional(),
  }),
);

/** Hierarchical choices (Label Studio `Taxonomy` with nested `Choice`s); an answer is a list of paths. */
export const taxonomyControlSchema = z
  .object({
    type: z.literal('taxonomy'),
    name: nameSchema,
    toName: z.string().min(1),
    choices: z.array(taxonomyNodeSchema).min(1).max(500),
    /** Only leaves may be picked. */
    leafsOnly: z.boolean().optional(),
    /** How many paths one answer may hold. */
    maxUsages: z.number().int().min(1).max(1000).optional(),
    required: z.boolean().default(true),
    placeholder: z.string().max(500).optional(),
    label: controlLabelSchema,
  })
  .superRefine((control, ctx) => {
    const visit = (nodes: readonly TaxonomyNode[], path: (string | number)[]) => {
      const seen = new Set<string>();
      nodes.forEach((node, i) => {
        if (seen.has(node.value)) ctx.addIssue({ code: 'custom', path: [...path, i, 'value'], message: `duplicate choice "${node.value}" at one level`, params: configIssueParams('duplicate_taxonomy_choice', { value: node.value }) });
        seen.add(node.value);
        if (node.children) visit(node.children, [...path, i, 'children']);
      });
    };
    visit(control.choices, ['choices']);
  });
export type TaxonomyControl = z.infer<typeof taxonomyControlSchema>;

/** The node a path leads to, or undefined when some step of it is not in the tree. */
export function nodeAt(tree: readonly TaxonomyNode[], path: readonly string[]): TaxonomyNode | undefined {
  let level: readonly TaxonomyNode[] | undefined = tree;
  let node: TaxonomyNode | undefined;
  for (const step of path) {
    node = level?.find((n) => n.value === step);
    if (node === undefined) return undefined;
    level = node.children;
  }
  return node;
}
