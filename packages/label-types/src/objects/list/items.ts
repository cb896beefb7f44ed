/** One item of a list object as the read-only view shows it: its id (as Label Studio names it), title and body. */
export interface ListEntry {
  id: string;
  title: string;
  body: string;
}

/** Why the task's value is no list: not a list, or the item at `index` (0-based) is no object or has no id. */
export type ListProblem = { kind: 'notList' } | { kind: 'badItem'; index: number };

function itemText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

/** The items of a list object's data (`[{id, title, body}, ...]`), or the first problem with it. */
export function listEntries(value: unknown): { items: ListEntry[] } | { problem: ListProblem } {
  if (!Array.isArray(value)) return { problem: { kind: 'notList' } };
  const items: ListEntry[] = [];
  for (const [index, item] of (value as unknown[]).entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return { problem: { kind: 'badItem', index } };
    const fields = item as Record<string, unknown>;
    if (typeof fields.id !== 'string' && typeof fields.id !== 'number') return { problem: { kind: 'badItem', index } };
    items.push({ id: String(fields.id), title: itemText(fields.title), body: itemText(fields.body) });
  }
  return { items };
}
