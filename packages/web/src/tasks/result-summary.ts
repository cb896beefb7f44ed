/** One line per Label Studio result item, for the drawer: `sentiment: positive`, `label: PER "张三"`, a rating, a text. */
export function resultSummary(result: unknown[]): string[] {
  return result.map((item) => {
    if (!item || typeof item !== 'object') return JSON.stringify(item);
    const { from_name: name, value } = item as { from_name?: unknown; value?: Record<string, unknown> };
    const v = value ?? {};
    const parts: string[] = [];
    for (const key of ['choices', 'labels', 'taxonomy'] as const) {
      const list = v[key];
      if (Array.isArray(list)) parts.push(list.map((x) => (Array.isArray(x) ? x.join('/') : String(x))).join(', '));
    }
    if (typeof v.text === 'string' && parts.length > 0) parts.push(`"${v.text}"`);
    else if (Array.isArray(v.text)) parts.push(v.text.map(String).join(' | '));
    if (typeof v.rating === 'number') parts.push(`★${v.rating}`);
    if (typeof v.number === 'number') parts.push(String(v.number));
    if (parts.length === 0) parts.push(JSON.stringify(v));
    return `${typeof name === 'string' ? name : '?'}: ${parts.join(' ')}`;
  });
}

/** A data value in a table cell: strings as they are, anything else as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
