/** A data value as the text a view shows: strings as they are, anything else as indented JSON. */
export function displayText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value, null, 2);
}
