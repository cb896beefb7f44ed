/** What a task data value is, in words a note can name (`views.objectKind<Kind>`): for notes on data of the wrong shape. */
export type ValueKind = 'Missing' | 'Text' | 'Number' | 'Boolean' | 'List' | 'Object';

export function valueKind(value: unknown): ValueKind {
  if (value === undefined || value === null) return 'Missing';
  if (typeof value === 'string') return 'Text';
  if (typeof value === 'number' || typeof value === 'bigint') return 'Number';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value)) return 'List';
  return 'Object';
}
