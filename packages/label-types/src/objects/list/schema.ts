import { z } from 'zod';
import { dataKeySchema, nameSchema } from '../../name.js';

/**
 * A list of items to rank (Label Studio `List`): the data field holds `[{id, title, body}, ...]`. Label Studio turns
 * each `id` into a string; rankings name the items by it.
 */
export const listObjectSchema = z.object({
  type: z.literal('list'),
  name: nameSchema,
  value: dataKeySchema,
  title: z.string().max(200).optional(),
});
export type ListObject = z.infer<typeof listObjectSchema>;

/** The ids of the list items in the task data, as Label Studio reads them (`String(item.id)`), or null if not a list. */
export function listItemIds(data: unknown): string[] | null {
  if (!Array.isArray(data)) return null;
  const ids: string[] = [];
  for (const item of data) {
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' && typeof id !== 'number') return null;
    ids.push(String(id));
  }
  return ids;
}
